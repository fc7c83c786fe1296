package dev.drover.queue.internal.runtime;

import dev.drover.queue.Job;
import dev.drover.queue.JobOutcome;
import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.codec.Json;
import dev.drover.queue.internal.script.FetchArgs;
import dev.drover.queue.internal.script.Finish;
import dev.drover.queue.internal.script.ScriptCall;

/**
 * How an attempt ends in Redis: the one script call that records an outcome of an active job, shared by the worker
 * runtime ({@link JobRunner}) and manual processing ({@link ManualProcessing}), so both settle jobs the same way.
 *
 * <p>Outcomes are a {@link JobOutcome} or a {@link Failure}: completed and failed-for-good finish the job
 * (moveToFinished, keeping or removing it per the job's removeOnComplete/removeOnFail, and fetching the next job in
 * the same call when {@code next} is given); a retryable failure goes to delayed after its backoff or straight back
 * to ready; a delay request goes to delayed without counting an attempt; a rate limit gives the job back to wait
 * and holds the whole queue for the limit.
 */
public final class Settlement {

    private final QueueClient client;
    private final int metricsPoints;

    /** @param metricsPoints per-minute metrics points to keep (the worker's maxDataPoints), 0 = metrics off */
    public Settlement(QueueClient client, int metricsPoints) {
        this.client = client;
        this.metricsPoints = metricsPoints;
    }

    /** True when the outcome finishes the job for good, the only case whose call can fetch the next job. */
    static boolean isFinal(Object outcome) {
        return outcome instanceof JobOutcome.Completed || outcome instanceof Failure f && !f.retry();
    }

    /** How a {@linkplain #isFinal final} outcome of {@code job}'s attempt under lock {@code token} is recorded. */
    Finish finish(Job job, String token, Object outcome, long now) {
        return switch (outcome) {
            case JobOutcome.Completed done -> completed(job, token, now, done);
            case Failure f when !f.retry() -> failed(job, token, now, f);
            default -> throw new IllegalArgumentException("not a final outcome: " + outcome);
        };
    }

    /** True for a retry after a backoff, which (as in BullMQ) may fetch the next job in the same call. */
    static boolean fetchesNext(Object outcome) {
        return outcome instanceof Failure f && f.retry() && f.backoffMs() > 0;
    }

    /**
     * The call recording a non-final outcome: a retry (after its backoff), a delay or a rate limit; {@code next}:
     * fetch arguments for the next job (only when {@link #fetchesNext}), or null.
     */
    ScriptCall call(Job job, String token, Object outcome, long now, FetchArgs next) {
        var s = client.scripts();
        return switch (outcome) {
            case Failure f when f.backoffMs() > 0 -> s.moveToDelayed(job.id(), token, now, now + f.backoffMs(), true,
                    f.reason(), f.stacktraceJson(), next);
            case Failure f when f.retry() -> s.retryJob(job.id(), token, f.reason(), f.stacktraceJson(),
                    job.opts().lifo(), now);
            case JobOutcome.Delayed d -> s.moveToDelayed(job.id(), token, now, d.runAt().toEpochMilli(), false, null,
                    null, null);
            case JobOutcome.RateLimited r -> s.releaseJob(job.id(), token, r.duration().toMillis());
            default -> throw new IllegalArgumentException("not a retry, delay or rate limit: " + outcome);
        };
    }

    private Finish completed(Job job, String token, long now, JobOutcome.Completed done) {
        String value;
        try {
            value = Json.write(done.value());
        } catch (IllegalArgumentException e) {
            return failed(job, token, now, Failure.immediate(job, "return value cannot be stored as JSON: " + e.getMessage()));
        }
        return new Finish(job.id(), token, now, true, value, "", job.opts().removeOnComplete(), false, metricsPoints);
    }

    Finish failed(Job job, String token, long now, Failure f) {
        return new Finish(job.id(), token, now, false, f.reason(), f.stacktraceJson(), job.opts().removeOnFail(),
                f.exhausted(), metricsPoints);
    }
}
