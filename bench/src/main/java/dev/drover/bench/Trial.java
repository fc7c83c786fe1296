package dev.drover.bench;

import java.util.Map;

/**
 * One scenario run inside a child process: {@link #prepare()} does everything that must not be measured
 * (connections, warm-up, prefilling the queue), {@link #run()} is the measured window.
 */
interface Trial extends AutoCloseable {

    /** Connects, warms up and prefills; not measured. */
    void prepare() throws Exception;

    /** The measured window: returns when every job of the window is done (completed in Redis, or added). */
    long run() throws Exception;

    /** Scenario-specific figures (latency percentiles), read after {@link #run()}. */
    default Map<String, Object> extra() {
        return Map.of();
    }

    @Override
    void close();
}
