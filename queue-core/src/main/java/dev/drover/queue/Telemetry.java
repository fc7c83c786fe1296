package dev.drover.queue;

import dev.drover.queue.internal.TelemetryChain;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What metrics and tracing see of a queue's work: BullMQ's {@code telemetry} option, in Java. Set one on
 * {@link QueueOptions}; every {@link Queue}, {@link Worker} and {@link FlowProducer} built from those options calls
 * it. {@link #NONE} (the default) does nothing. Ready-made ones: {@code dev.drover.queue.micrometer.QueueMetrics}
 * (Micrometer meters) and {@code dev.drover.queue.opentelemetry.QueueTracing} (OpenTelemetry spans that cross to and
 * from Node's bullmq); {@link #of} runs several.
 *
 * <p>Implementations are called from many threads at once. The observing hooks ({@link #attemptEnded},
 * {@link #jobsStalled}, {@link #lockRenewalsFailed}) must not throw; the wrapping ones ({@link #add},
 * {@link #process}) must call their argument exactly once and pass on what it returns or throws.
 */
public interface Telemetry {

    /** Does nothing: no meters, no spans, nothing stored with the jobs. */
    Telemetry NONE = new Telemetry() {
        @Override
        public String toString() {
            return "Telemetry.NONE";
        }
    };

    /** How one attempt at a job ended, as the worker decided it (before it told Redis). */
    enum Outcome {
        /** The processor returned: the job completes. */
        COMPLETED,
        /** Failed for good: unrecoverable, attempts used up, unreadable, or stalled too often. */
        FAILED,
        /** This attempt failed and the job will run again (now or after its backoff). */
        RETRIED,
        /** The processor asked to run the job later ({@link JobOutcome#delayUntil}); no attempt counted. */
        DELAYED,
        /** The processor hit a rate limit ({@link JobOutcome#rateLimited}); the job goes back to wait. */
        RATE_LIMITED;

        /** The lower-case name used in tags and attributes: {@code completed}, {@code rate_limited}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Wraps one write of new jobs to {@code queue}. Calls {@code add} once with the trace context to store in each
     * job's opts as {@code tm} (a JSON text, as bullmq's telemetry stores it; null for none) and returns what it
     * returns: the ids written.
     *
     * @param operation {@code add}, {@code addBulk} or {@code addFlow}
     * @param jobNames  the names of the jobs written, in order
     */
    default List<String> add(String operation, String queue, List<String> jobNames,
                             Function<String, List<String>> add) {
        return add.apply(null);
    }

    /** Wraps one run of a worker's processor on {@code job} of {@code queue}: returns or throws what it does. */
    default Object process(String queue, Job job, Processor processor) throws Exception {
        return processor.process(job);
    }

    /**
     * A worker of {@code queue} decided how an attempt at {@code job} ended.
     *
     * @param processing how long the processor ran; null when it did not run (a job failed before processing: its
     *                   data unreadable, or stalled too often)
     */
    default void attemptEnded(String queue, Job job, Outcome outcome, Duration processing) {
    }

    /** A worker's stalled check found {@code count} jobs of {@code queue} whose worker had died or frozen. */
    default void jobsStalled(String queue, int count) {
    }

    /** A worker of {@code queue} failed to renew {@code count} job locks (each job may run twice). */
    default void lockRenewalsFailed(String queue, int count) {
    }

    /** All of {@code parts}, in order: the first one's {@link #process} wraps the second's, and so on. */
    static Telemetry of(Telemetry... parts) {
        return TelemetryChain.of(List.of(parts));
    }
}
