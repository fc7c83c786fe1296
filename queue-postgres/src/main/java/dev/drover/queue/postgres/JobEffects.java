package dev.drover.queue.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.Job;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Exactly-once effects of queue jobs in Postgres. Inside a {@link dev.drover.queue.Processor}:
 *
 * <pre>{@code
 * JobEffects effects = JobEffects.create(dataSource);
 * Worker worker = new Worker("orders", job -> effects.run(job, tx -> {
 *     tx.dsl().update(STOCK).set(STOCK.QTY, STOCK.QTY.minus(1)).where(STOCK.SKU.eq(sku)).execute();
 *     tx.enqueue("emails", "shipped", Map.of("order", job.id()));   // added to Redis iff this commits
 *     return Map.of("reserved", true);                                   // the job's result
 * }), options, queueOptions).start();
 * }</pre>
 *
 * <p>{@link #run} does, for the job a worker is running:
 * <ol>
 *   <li>registers the attempt in {@code drover.processed_jobs} (keyed by queue and job id): its lock token and
 *       attempt number become the job's fence. If the job's work committed before (the worker died after the commit
 *       and before acknowledging it, and the job was delivered again), returns the stored result at once, without
 *       running the work; the processor returns it and the queue job completes with it.</li>
 *   <li>runs the work in one transaction; at its end stores the result in the job's row, only if the row still names
 *       this attempt, and commits. An attempt whose lock expired and whose job another attempt took over since
 *       cannot commit: it rolls back and throws {@link StaleAttemptException}.</li>
 * </ol>
 * So the work's writes and outbox jobs commit exactly once per (queue, job id) while its row is kept (see
 * {@link EffectsRetention}), whatever crashes, redeliveries and overlapping attempts happen. Calls to the outside
 * world made inside the work are not covered: they run once per attempt (docs/exactly-once.md says how to make them
 * idempotent). Thread-safe.
 */
public final class JobEffects {

    private final DSLContext dsl;
    private final EffectsObserver observer;
    private final Runnable afterOutboxCommit;

    private JobEffects(Builder b) {
        this.dsl = b.dsl;
        this.observer = b.observer;
        this.afterOutboxCommit = b.afterOutboxCommit;
    }

    public static JobEffects create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    public static Builder builder(DataSource dataSource) {
        return builder(DSL.using(dataSource, SQLDialect.POSTGRES));
    }

    /** For a jOOQ context over a connection pool (each transaction takes its own connection). */
    public static Builder builder(DSLContext dsl) {
        return new Builder(dsl);
    }

    /**
     * Runs {@code work} for {@code job} exactly once (see the class comment) and returns the job's result as JSON:
     * the work's return value, or the one stored by the attempt that committed it. Return it from the processor.
     *
     * @throws StaleAttemptException when this attempt is no longer the job's current one (nothing committed)
     * @throws IllegalArgumentException when {@code job} is not being run by a worker (it has no lock token)
     * @throws Exception whatever the work throws (the transaction rolled back; the queue retries the job)
     */
    public JsonNode run(Job job, JobWork<?> work) throws Exception {
        JobAttempt attempt = begin(job);
        return attempt.replayed() ? attempt.storedResult() : attempt.complete(work);
    }

    /** {@link #run(Job, JobWork)} with the result mapped onto {@code type}, the first time and on a replay alike. */
    public <T> T run(Job job, Class<T> type, JobWork<? extends T> work) throws Exception {
        return Results.as(run(job, work), type, "job " + job.queueName() + "/" + job.id());
    }

    /**
     * Registers this attempt of {@code job} and returns it, for work that commits in several steps
     * ({@link JobAttempt#checkpoint}) before it completes ({@link JobAttempt#complete}). A replayed attempt has the
     * stored result and runs nothing.
     *
     * @throws StaleAttemptException when a later attempt of the job has registered already
     */
    public JobAttempt begin(Job job) {
        return begin(job, AttemptId.of(job));
    }

    /**
     * Registers an attempt of work named {@code key} that no queue job carries (a run started by hand, a request with
     * an idempotency key), under the same rules per ({@code queue}, {@code key}): its work commits once, and a repeat
     * after that is a replay. Without a lock to fence with, each call is a new attempt that takes over an unfinished
     * one: the latest caller is the one that may commit. Observers are not told about keyed attempts.
     */
    public JobAttempt begin(String queue, String key) {
        return begin(null, AttemptId.keyed(queue, key));
    }

    private JobAttempt begin(Job job, AttemptId id) {
        try {
            ProcessedJobs.Registration r = ProcessedJobs.register(dsl, id);
            if (job != null) {
                observer.attemptStarted(job, r.storedResult().isPresent());
            }
            return new JobAttempt(this, job, id, r.storedResult().orElse(null));
        } catch (StaleAttemptException e) {
            if (job != null) {
                observer.stale(job, e);
            }
            throw e;
        }
    }

    DSLContext dsl() {
        return dsl;
    }

    EffectsObserver observer() {
        return observer;
    }

    void outboxCommitted() {
        afterOutboxCommit.run();
    }

    /** Options of {@link JobEffects}. */
    public static final class Builder {
        private final DSLContext dsl;
        private EffectsObserver observer = EffectsObserver.NONE;
        private Runnable afterOutboxCommit = () -> { };

        private Builder(DSLContext dsl) {
            this.dsl = Objects.requireNonNull(dsl, "dsl");
        }

        /** Sees each step (metrics, logs; tests stop processes with it). */
        public Builder observer(EffectsObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Wakes {@code relay} when work that enqueued jobs commits, so they are added without waiting for its poll. */
        public Builder wake(OutboxRelay relay) {
            this.afterOutboxCommit = relay::wake;
            return this;
        }

        public JobEffects build() {
            return new JobEffects(this);
        }
    }
}
