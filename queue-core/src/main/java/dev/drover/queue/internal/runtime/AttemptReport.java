package dev.drover.queue.internal.runtime;

import dev.drover.queue.Job;
import dev.drover.queue.JobOutcome;
import dev.drover.queue.Telemetry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the queue's {@link Telemetry} how an attempt ended, from the outcome the runner is about to settle. */
final class AttemptReport {

    private static final Logger log = LoggerFactory.getLogger(AttemptReport.class);

    private AttemptReport() {
    }

    /**
     * @param outcome        a {@link JobOutcome} or a {@link Failure}
     * @param processorNanos how long the processor ran, or -1 when it did not run
     */
    static void report(WorkerContext ctx, Job job, Object outcome, long processorNanos) {
        Telemetry telemetry = ctx.client().telemetry();
        if (telemetry == Telemetry.NONE) {
            return;
        }
        Telemetry.Outcome kind = switch (outcome) {
            case JobOutcome.Completed c -> Telemetry.Outcome.COMPLETED;
            case JobOutcome.Delayed d -> Telemetry.Outcome.DELAYED;
            case JobOutcome.RateLimited r -> Telemetry.Outcome.RATE_LIMITED;
            case Failure f -> f.retry() ? Telemetry.Outcome.RETRIED : Telemetry.Outcome.FAILED;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        try {
            telemetry.attemptEnded(ctx.client().keys().queueName(), job, kind,
                    processorNanos < 0 ? null : Duration.ofNanos(processorNanos));
        } catch (RuntimeException e) {
            log.warn("[{}] telemetry failed on job {}: {}", ctx.label(), job.id(), e.toString());
        }
    }
}
