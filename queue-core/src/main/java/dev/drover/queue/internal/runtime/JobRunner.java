package dev.drover.queue.internal.runtime;

import dev.drover.queue.Job;
import dev.drover.queue.JobOutcome;
import dev.drover.queue.QueueException;
import dev.drover.queue.internal.scheduler.SchedulerStore;
import dev.drover.queue.internal.script.FetchArgs;
import dev.drover.queue.internal.script.Finish;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.ScriptError;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job through the processor and records how it ended, as one pipeline:
 * decode → (deferred failure | bad data | process) → settle (complete / fail / retry / delay / rate-limit, the
 * {@link Settlement} shared with manual processing) → finish.
 * Completing or failing for good fetches the next job in the same script call when {@code fetchNext} says so.
 * A lost lock (another worker owns the job now) is logged and the result dropped; Redis outages are retried.
 * Finishing calls go through the {@link FinishBatcher}, so concurrent slots share round trips.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final WorkerContext ctx;
    private final RunningJobs running;
    private final DoubleSupplier random;
    private final RedisRetry retry;
    private final FinishBatcher finisher;

    JobRunner(WorkerContext ctx, RunningJobs running, DoubleSupplier random, RedisRetry retry, FinishBatcher finisher) {
        this.ctx = ctx;
        this.running = running;
        this.random = random;
        this.retry = retry;
        this.finisher = finisher;
    }

    /** Runs the fetched job; returns the next job fetched by the finishing call, or {@link FetchResult#NONE}. */
    FetchResult run(FetchResult fetched, BooleanSupplier fetchNext) {
        Job job = ctx.client().toJob(fetched.jobId(), fetched.hash());
        running.add(job.id(), fetched.token());
        try {
            advanceScheduler(job);
            Object outcome = outcome(job);
            if (running.isReleased(job.id())) {
                return FetchResult.NONE; // given back at shutdown: another worker runs it
            }
            return settle(job, fetched.token(), outcome, fetchNext);
        } finally {
            running.remove(job.id());
            Thread.interrupted(); // a hard-shutdown interrupt must not leak into the next job on this thread
        }
    }

    /** Like BullMQ, the worker that activates a scheduler's job writes the job of its next slot. */
    private void advanceScheduler(Job job) {
        if (job.schedulerId().isEmpty()) {
            return;
        }
        try {
            retry.call("advance scheduler " + job.schedulerId().get(), () -> new SchedulerStore(ctx.client()).advance(job));
        } catch (RuntimeException e) {
            log.warn("[{}] could not schedule the next job of scheduler {}: {}", ctx.label(), job.schedulerId().get(),
                    e.getMessage());
        }
    }

    /** The processor's outcome: a JobOutcome, or a Failure. */
    private Object outcome(Job job) {
        if (job.deferredFailure().isPresent()) {
            return Failure.immediate(job, job.deferredFailure().get());
        }
        if (job.dataError().isPresent()) {
            return Failure.immediate(job, job.dataError().get());
        }
        try {
            Object result = ctx.processor().process(job);
            return result instanceof JobOutcome o ? o : JobOutcome.completed(result);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Failure.of(job, e, random);
        }
    }

    private FetchResult settle(Job job, String token, Object outcome, BooleanSupplier fetchNext) {
        long now = ctx.client().now();
        if (outcome instanceof JobOutcome.RateLimited r) {
            ctx.holdFetching(now + r.duration().toMillis());
        }
        return Settlement.isFinal(outcome) ? finish(job, token, ctx.settlement().finish(job, token, outcome, now),
                fetchNext) : simple(job, ctx.settlement().call(job, token, outcome, now));
    }

    private FetchResult finish(Job job, String token, Finish f, BooleanSupplier fetchNext) {
        FetchArgs next = fetchNext.getAsBoolean() ? ctx.nextFetchArgs() : null;
        ScriptCall call = ctx.client().scripts().moveToFinished(f, next);
        Object reply = retry.call("finish job " + job.id(), () -> finisher.eval(call));
        if (lockLost(job, reply)) {
            return FetchResult.NONE;
        }
        return next == null ? FetchResult.NONE : FetchResult.decode(reply, next.token());
    }

    private FetchResult simple(Job job, ScriptCall call) {
        Object reply = retry.call(call.script().name() + " " + job.id(), () -> finisher.eval(call));
        lockLost(job, reply);
        return FetchResult.NONE;
    }

    private boolean lockLost(Job job, Object reply) {
        ScriptError err = ScriptError.of(reply);
        if (err == null) {
            return false;
        }
        QueueException e = err.toException("finish", job.id());
        log.warn("[{}] lock lost: result of job {} dropped, another worker may run it ({})", ctx.label(), job.id(),
                e.getMessage());
        return true;
    }
}
