package dev.drover.queue.internal.script;

import dev.drover.queue.KeepJobs;

/**
 * A final outcome for moveToFinished: completed with a JSON return value, or failed with a reason and stacktrace.
 *
 * @param value            returnvalue JSON when completed, failedReason when failed
 * @param stacktraceJson   JSON array of stack traces, or "" (failed only)
 * @param retriesExhausted emit {@code retries-exhausted} (failed after its last allowed attempt)
 * @param metricsPoints    per-minute metrics data points to keep, 0 when metrics are off
 */
public record Finish(String jobId, String token, long now, boolean completed, String value, String stacktraceJson,
                     KeepJobs keep, boolean retriesExhausted, int metricsPoints) {
}
