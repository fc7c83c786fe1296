package dev.drover.queue.internal.runtime;

import dev.drover.queue.Job;
import dev.drover.queue.JobOutcome;
import dev.drover.queue.QueueException;
import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.scheduler.SchedulerStore;
import dev.drover.queue.internal.script.FetchArgs;
import dev.drover.queue.internal.script.Finish;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.ScriptError;
import dev.drover.queue.UnrecoverableJobException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job through the processor and records how it ended, as one pipeline:
 * decode → (deferred failure | bad data | process) → settle (complete / fail / retry / delay / rate-limit, the
 * {@link Settlement} shared with manual processing) → finish.
 * Completing or failing for good fetches the next job in the same script call when {@code fetchNext} says so.
 * A lost lock (another worker owns the job now) is logged and the result dropped; Redis outages are retried, and a
 * finishing call repeated after a lost reply is recognised by its script, which hands back the job the first
 * attempt fetched. A completion Redis refuses because of pending or failed children fails the attempt instead.
 * Finishing calls go through the {@link FinishBatcher}, so concurrent slots share round trips (and their finishes
 * one batch script call); each call's reply is still its own.
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
        Job job;
        try {
            job = ctx.client().toJob(fetched.jobId(), fetched.hash(), fetched.token());
        } catch (RuntimeException e) {
            return failUndecodable(fetched, e, fetchNext);
        }
        running.add(job.id(), fetched.token());
        try {
            advanceScheduler(job);
            long started = System.nanoTime();
            Object outcome = outcome(job);
            if (running.isReleased(job.id())) {
                return FetchResult.NONE; // given back at shutdown: another worker runs it
            }
            AttemptReport.report(ctx, job, outcome, processed(job) ? System.nanoTime() - started : -1);
            return settle(job, fetched.token(), outcome, fetchNext);
        } finally {
            running.remove(job.id());
            Thread.interrupted(); // a hard-shutdown interrupt must not leak into the next job on this thread
        }
    }

    /** A job hash this worker cannot even read is failed with the reason, never left in active. */
    private FetchResult failUndecodable(FetchResult fetched, RuntimeException e, BooleanSupplier fetchNext) {
        log.warn("[{}] job {} cannot be read ({}); failing it", ctx.label(), fetched.jobId(), e.toString());
        FetchArgs next = fetchNext.getAsBoolean() ? ctx.nextFetchArgs() : null;
        Finish f = new Finish(fetched.jobId(), fetched.token(), ctx.client().now(), false,
                "job cannot be read: " + e, "", dev.drover.queue.KeepJobs.KEEP_ALL, false,
                ctx.options().metricsDataPoints());
        Object reply = retry.call("fail job " + fetched.jobId(),
                () -> finisher.eval(ctx.client().scripts().moveToFinished(f, next)));
        return next == null || ScriptError.of(reply) != null ? FetchResult.NONE : FetchResult.decode(reply, next.token());
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

    /** Whether {@link #outcome} runs the processor on {@code job}. */
    private static boolean processed(Job job) {
        return job.deferredFailure().isEmpty() && job.dataError().isEmpty();
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
        running.markFinishing(job.id());
        long now = ctx.client().now();
        if (outcome instanceof JobOutcome.RateLimited r) {
            ctx.holdFetching(now + r.duration().toMillis());
        }
        if (Settlement.isFinal(outcome)) {
            return finish(job, token, ctx.settlement().finish(job, token, outcome, now), fetchNext);
        }
        FetchArgs next = Settlement.fetchesNext(outcome) && fetchNext.getAsBoolean() ? ctx.nextFetchArgs() : null;
        return simple(job, token, ctx.settlement().call(job, token, outcome, now, next), next);
    }

    private FetchResult finish(Job job, String token, Finish f, BooleanSupplier fetchNext) {
        FetchArgs next = fetchNext.getAsBoolean() ? ctx.nextFetchArgs() : null;
        Sent sent = send(job, token, ctx.client().scripts().moveToFinished(f, next));
        ScriptError err = ScriptError.of(sent.reply());
        if (f.completed() && (err == ScriptError.PENDING_CHILDREN || err == ScriptError.FAILED_CHILDREN)) {
            // as in BullMQ's worker, a refused completion is a failed attempt (final when a child failed); the job
            // is still active and locked by us
            return settle(job, token, refusedCompletion(job, err), fetchNext);
        }
        if (err != null) {
            reportUnfinished(job, err, sent.attempts());
            return FetchResult.NONE;
        }
        return next == null || sent.reply() == null ? FetchResult.NONE : FetchResult.decode(sent.reply(), next.token());
    }

    private Failure refusedCompletion(Job job, ScriptError err) {
        if (err == ScriptError.FAILED_CHILDREN) {
            return Failure.of(job, new UnrecoverableJobException("Cannot complete job " + job.id()
                    + " because it has at least one failed child. moveToFinished"), random);
        }
        return Failure.of(job, new IllegalStateException("Job " + job.id() + " has pending dependencies. moveToFinished"),
                random);
    }

    private FetchResult simple(Job job, String token, ScriptCall call, FetchArgs next) {
        Sent sent = send(job, token, call);
        ScriptError err = ScriptError.of(sent.reply());
        if (err != null) {
            reportUnfinished(job, err, sent.attempts());
        }
        // a retry after a backoff may have fetched the next job in the same call
        return next != null && sent.reply() instanceof java.util.List<?> ? FetchResult.decode(sent.reply(),
                next.token()) : FetchResult.NONE;
    }

    /** A finishing call's reply (null when it could not be made) and how many times it was sent. */
    private record Sent(Object reply, int attempts) {
    }

    /**
     * Sends a finishing call, repeating it through Redis outages (our finishing scripts recognise a repeat of a call
     * that already ran, see moveToFinished-14.lua). A call Redis rejects with an error of its own (a script error)
     * is not repeated: the job is failed with that error as its reason instead, so that it does not wait in active
     * for the stalled check.
     */
    private Sent send(Job job, String token, ScriptCall call) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            Object reply = retry.call(call.script().name() + " " + job.id(), () -> {
                attempts.incrementAndGet();
                return finisher.eval(call);
            });
            return new Sent(reply, attempts.get());
        } catch (QueueException e) {
            if (e.kind() != QueueException.Kind.COMMAND_ERROR) {
                throw e;
            }
            failAfterCommandError(job, token, call, e);
            return new Sent(null, attempts.get());
        }
    }

    private void failAfterCommandError(Job job, String token, ScriptCall call, QueueException error) {
        String reason = "could not record the job's outcome (" + call.script().name() + "): " + error.getMessage();
        log.error("[{}] redis refused {} for job {}: {}; failing the job with that reason", ctx.label(),
                call.script().name(), job.id(), error.getMessage());
        QueueClient c = ctx.client();
        Failure f = Failure.immediate(job, reason);
        try {
            Object r = c.redis().eval(c.scripts().moveToFinished(ctx.settlement().failed(job, token, c.now(), f), null));
            if (ScriptError.of(r) != null) {
                log.warn("[{}] could not fail job {} either ({}); the stalled check will recover it", ctx.label(),
                        job.id(), ScriptError.of(r).toException("moveToFinished", job.id()).getMessage());
            }
        } catch (QueueException e) {
            log.error("[{}] could not fail job {} either ({}); the stalled check will recover it", ctx.label(),
                    job.id(), e.getMessage());
        }
    }

    /**
     * Says why a finishing call did not apply. Sent once, the reply is certain: the lock was lost (another worker
     * may run the job) or the job was removed. Sent again after a connection failure, the scripts answer as the
     * first attempt did when they can tell that it ran; when they cannot, the outcome is uncertain and is reported
     * as such, not as a lost lock.
     */
    private void reportUnfinished(Job job, ScriptError err, int attempts) {
        String detail = err.toException("finish", job.id()).getMessage();
        if (attempts > 1) {
            log.info("[{}] outcome of job {} not confirmed after redis came back ({}): an earlier attempt may have "
                    + "recorded it before the connection failed", ctx.label(), job.id(), detail);
        } else if (err == ScriptError.JOB_NOT_FOUND) {
            log.warn("[{}] job {} was removed while it ran: its result is dropped", ctx.label(), job.id());
        } else {
            log.warn("[{}] lock lost: result of job {} dropped, another worker may run it ({})", ctx.label(), job.id(),
                    detail);
        }
    }
}
