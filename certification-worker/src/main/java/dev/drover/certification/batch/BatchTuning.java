package dev.drover.certification.batch;

import java.time.Duration;

/**
 * Timing and retry settings of the batch flow.
 *
 * @param itemAttempts   tries per {@code certify-model} job (queue-level retries, on top of the in-call ones)
 * @param itemBackoff    first wait between those tries; doubled each time
 * @param pausedRecheck  how long an item of a PAUSED batch waits before looking again ({@code resume} promotes it)
 * @param batchRecheck   how long the {@code certify-batch} job sleeps between looks at its flow; the summary job
 *                       wakes it early when the children are done, so this is only a safety net
 */
public record BatchTuning(int itemAttempts, Duration itemBackoff, Duration pausedRecheck, Duration batchRecheck) {

    public static final BatchTuning DEFAULTS = new BatchTuning(5, Duration.ofSeconds(2), Duration.ofSeconds(30),
            Duration.ofSeconds(30));

    public BatchTuning {
        if (itemAttempts < 1) {
            throw new IllegalArgumentException("item attempts must be at least 1, got " + itemAttempts);
        }
        for (Duration d : new Duration[] {itemBackoff, pausedRecheck, batchRecheck}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("batch timings must be positive, got " + d);
            }
        }
    }
}
