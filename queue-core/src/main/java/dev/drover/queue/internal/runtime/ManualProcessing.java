package dev.drover.queue.internal.runtime;

import dev.drover.queue.Job;
import dev.drover.queue.JobOutcome;
import dev.drover.queue.WorkerOptions;
import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.scheduler.SchedulerStore;
import dev.drover.queue.internal.script.FetchArgs;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.ScriptError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manual processing, as BullMQ's {@code worker.getNextJob(token)} and {@code job.moveToCompleted/moveToFailed/
 * moveToDelayed/moveToWait(…, token)}: the caller fetches jobs under lock tokens of its own choosing and says how
 * each attempt ended. Attempts end through the same {@link Settlement} the worker runtime uses (retries and
 * backoff, keep-jobs, retries-exhausted), and a finishing call asked to fetch the next job takes it under the same
 * token, as BullMQ does.
 *
 * <p>Like BullMQ's worker it remembers a rate limit a fetch reported and fetches nothing until it has passed (by the
 * queue's clock), and the fetch that activates a job scheduler's job writes that scheduler's next job. One instance
 * per {@link QueueClient}: the worker's settings apply to jobs of a worker's client, defaults to a queue's.
 */
public final class ManualProcessing {

    private static final Logger log = LoggerFactory.getLogger(ManualProcessing.class);

    private final QueueClient client;
    private final WorkerOptions options;
    private final DoubleSupplier random;
    private final Settlement settlement;
    private volatile long limitUntil;

    public ManualProcessing(QueueClient client, WorkerOptions options, DoubleSupplier random) {
        this.client = client;
        this.options = options;
        this.random = random;
        this.settlement = new Settlement(client, options.metricsDataPoints());
    }

    Settlement settlement() {
        return settlement;
    }

    /** The next ready job, locked under {@code token}; empty when there is none, or while rate limited. */
    public Optional<Job> getNextJob(String token) {
        if (client.now() < limitUntil) {
            return Optional.empty();
        }
        Object reply = client.run(client.scripts().moveToActive(fetchArgs(token), client.now()), "moveToActive");
        return taken(FetchResult.decode(reply, token));
    }

    public Optional<Job> complete(Job job, Object returnValue, String token, boolean fetchNext) {
        return end(job, token, JobOutcome.completed(returnValue), fetchNext);
    }

    /**
     * A failed attempt: retried (after the job's backoff) while attempts are left, else failed for good; with
     * {@code fetchNext}, a final failure or a retry after a backoff takes the next job in the same call.
     */
    public Optional<Job> fail(Job job, Throwable error, String token, boolean fetchNext) {
        return end(job, token, Failure.of(job, error, random), fetchNext);
    }

    /** Moves the active job to delayed until {@code timestampMs}, without counting an attempt. */
    public void delay(Job job, long timestampMs, String token) {
        end(job, token, JobOutcome.delayUntil(java.time.Instant.ofEpochMilli(timestampMs)), false);
    }

    /**
     * Gives the active job back to wait without counting an attempt (after {@link #rateLimit}); returns the queue's
     * rate-limit time left in ms, which this worker then waits out before fetching again.
     */
    public long moveToWait(Job job, String token) {
        client.run(client.scripts().releaseJob(job.id(), token, 0), job.id());
        long ttl = client.redis().call(j -> j.pttl(client.keys().limiter()));
        limitUntil = ttl > 0 ? client.now() + ttl : 0;
        return Math.max(ttl, 0);
    }

    /** Sets the queue's limiter for {@code expire} (BullMQ's worker.rateLimit); see Worker#rateLimit. */
    public void rateLimit(Duration expire) {
        client.redis().call(j -> j.psetex(client.keys().limiter(), expire.toMillis(), "9007199254740991"));
    }

    /** Runs the stalled check now (still at most once per stalledInterval across workers); returns recovered ids. */
    public List<String> moveStalledJobsToWait() {
        return StalledJobChecker.runOnce(client, options).get(0).stream().map(String::valueOf).toList();
    }

    /** One attempt to end in {@link #endAll}: the processor returned {@code returnValue}, or threw {@code error}. */
    public record Ending(Job job, String token, Object returnValue, Throwable error, boolean fetchNext) {
    }

    /** How an {@link Ending} went: the job its call fetched, or the exception its lone call would have thrown. */
    public record Ended(Optional<Job> next, RuntimeException error) {
    }

    /**
     * Ends several attempts in one round trip, in order, with the Redis state and results of {@link #complete} /
     * {@link #fail} called for each in turn: consecutive finishes (completed, failed for good) run in one
     * finishBatch script call ({@link BatchedFinishes}), so one ending's lost lock is its own error only; the batch
     * is cut after a finish whose fetch took a job scheduler's job, whose next job is written (as a lone call's
     * fetch would have it) before the later endings run. A retry or delay is its own call. A connection failure
     * throws for all of them; any of them may then have run.
     */
    public List<Ended> endAll(List<Ending> endings) {
        long now = client.now();
        List<Object> outcomes = new ArrayList<>(endings.size());
        List<FetchArgs> nexts = new ArrayList<>(endings.size());
        List<ScriptCall> calls = new ArrayList<>(endings.size());
        for (Ending e : endings) {
            Object outcome = e.error() != null ? Failure.of(e.job(), e.error(), random)
                    : JobOutcome.completed(e.returnValue());
            FetchArgs next = e.fetchNext() && finishing(outcome) ? fetchArgs(e.token()) : null;
            outcomes.add(outcome);
            nexts.add(next);
            calls.add(call(e.job(), e.token(), outcome, now, next));
        }
        List<Ended> ended = new ArrayList<>(endings.size());
        while (ended.size() < calls.size()) {
            int from = ended.size();
            int to = BatchedFinishes.groupEnd(calls, from);
            List<Object> replies = BatchedFinishes.batchable(calls.get(from))
                    ? BatchedFinishes.finishInTurn(client.redis(), client.scripts(), calls.subList(from, to))
                    : List.of(client.redis().evalEach(List.of(calls.get(from))).get(0));
            // in turn: a fetched scheduler job writes its scheduler's next job (taken) before the calls after it run
            for (int i = from; i < to && replies.get(i - from) != BatchedFinishes.NOT_RUN; i++) {
                ended.add(ended(endings.get(i).job(), calls.get(i), outcomes.get(i), nexts.get(i), replies.get(i - from)));
            }
        }
        return ended;
    }

    private Ended ended(Job job, ScriptCall call, Object outcome, FetchArgs next, Object reply) {
        try {
            if (reply instanceof RuntimeException error) {
                throw error;
            }
            return new Ended(tookFrom(outcome, next, ScriptError.check(reply, call.script().name(), job.id())), null);
        } catch (RuntimeException error) {
            return new Ended(Optional.empty(), error);
        }
    }

    private static boolean finishing(Object outcome) {
        return Settlement.isFinal(outcome) || Settlement.fetchesNext(outcome);
    }

    private ScriptCall call(Job job, String token, Object outcome, long now, FetchArgs next) {
        return Settlement.isFinal(outcome)
                ? client.scripts().moveToFinished(settlement.finish(job, token, outcome, now), next)
                : settlement.call(job, token, outcome, now, next);
    }

    private Optional<Job> end(Job job, String token, Object outcome, boolean fetchNext) {
        long now = client.now();
        FetchArgs next = fetchNext && finishing(outcome) ? fetchArgs(token) : null;
        Object reply = client.run(call(job, token, outcome, now, next), job.id());
        return tookFrom(outcome, next, reply);
    }

    private Optional<Job> tookFrom(Object outcome, FetchArgs next, Object reply) {
        if (!finishing(outcome)) {
            return Optional.empty();
        }
        // as BullMQ's worker: a finishing call's reply, job or not, replaces the rate-limit wait this worker keeps
        return taken(next != null && reply instanceof List<?> ? FetchResult.decode(reply, next.token())
                : FetchResult.NONE);
    }

    private Optional<Job> taken(FetchResult r) {
        limitUntil = r.rateLimitTtlMs() > 0 ? client.now() + r.rateLimitTtlMs() : 0;
        if (!r.hasJob()) {
            return Optional.empty();
        }
        Job job = client.toJob(r.jobId(), r.hash());
        job.schedulerId().ifPresent(id -> advanceScheduler(job, id));
        return Optional.of(job);
    }

    private void advanceScheduler(Job job, String schedulerId) {
        try {
            new SchedulerStore(client).advance(job);
        } catch (RuntimeException e) {
            log.warn("could not schedule the next job of scheduler {}: {}", schedulerId, e.getMessage());
        }
    }

    private FetchArgs fetchArgs(String token) {
        return WorkerContext.fetchArgs(token, options);
    }
}
