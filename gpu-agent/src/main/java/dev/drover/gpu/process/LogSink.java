package dev.drover.gpu.process;

/**
 * Where a running job's log lines go. {@link #accept} is called from the runner's reader threads, so it must be
 * thread-safe, fast (buffer; do not write to a database inline) and must not throw.
 */
@FunctionalInterface
public interface LogSink {

    void accept(LogLine line);
}
