package dev.drover.queue.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.Job;
import dev.drover.queue.JobOutcome;

/**
 * One registered attempt of a job ({@link JobEffects#begin}). Either the job's work committed in an earlier attempt
 * ({@link #replayed()}: take {@link #storedResult()}, run nothing), or this attempt may commit its work: in steps
 * with {@link #checkpoint} (each step fenced: it commits only while this is the job's current attempt), then once
 * with {@link #complete}, which also stores the result. Used by one thread.
 */
public final class JobAttempt {

    private final JobEffects effects;
    private final Job job;
    private final AttemptId id;
    private JsonNode stored;

    JobAttempt(JobEffects effects, Job job, AttemptId id, JsonNode stored) {
        this.effects = effects;
        this.job = job;
        this.id = id;
        this.stored = stored;
    }

    /** The queue job this attempt runs; null for a keyed attempt ({@link JobEffects#begin(String, String)}). */
    public Job job() {
        return job;
    }

    /** Whether the job's work had committed before this attempt (a redelivery): nothing is to run. */
    public boolean replayed() {
        return stored != null;
    }

    /** The job's stored result; only for a replayed attempt or after {@link #complete}. */
    public JsonNode storedResult() {
        if (stored == null) {
            throw new IllegalStateException("job " + id + " has no stored result: its work has not committed");
        }
        return stored;
    }

    /**
     * Commits one step of the job's work in its own transaction, only while this is the job's current attempt; a
     * later attempt cannot register until it commits. Returns the step's value (not stored).
     *
     * @throws StaleAttemptException when a later attempt took the job over (the step rolled back)
     */
    public <T> T checkpoint(JobWork<T> step) throws Exception {
        requireOpen();
        EffectTransaction[] tx = new EffectTransaction[1];
        T value = fenced(db -> {
            tx[0] = new EffectTransaction(db, job);
            T v = step.apply(tx[0]);
            ProcessedJobs.holdFence(db, id);
            return v;
        });
        if (tx[0].enqueued() > 0) {
            effects.outboxCommitted();
        }
        return value;
    }

    /**
     * Runs the last step of the job's work and stores its return value as the job's result, in one transaction that
     * commits only while this is the job's current attempt. Returns the result as JSON.
     *
     * @throws StaleAttemptException when a later attempt took the job over (nothing committed)
     */
    public JsonNode complete(JobWork<?> work) throws Exception {
        requireOpen();
        EffectTransaction[] tx = new EffectTransaction[1];
        JsonNode result = fenced(db -> {
            tx[0] = new EffectTransaction(db, job);
            Object value = work.apply(tx[0]);
            if (value instanceof JobOutcome) {
                throw new IllegalArgumentException("job " + id + ": the work returned " + value + ", but its return "
                        + "value is stored as the job's result; decide delays and rate limits before JobEffects.run");
            }
            JsonNode r = Results.toJson(value);
            if (job != null) {
                effects.observer().beforeCommit(job);
            }
            ProcessedJobs.complete(db, id, r);
            return r;
        });
        stored = result;
        if (job != null) {
            effects.observer().committed(job);
        }
        if (tx[0].enqueued() > 0) {
            effects.outboxCommitted();
        }
        return result;
    }

    /** {@link #complete(JobWork)} with the result mapped onto {@code type}. */
    public <T> T complete(Class<T> type, JobWork<? extends T> work) throws Exception {
        return Results.as(complete(work), type, "job " + id);
    }

    private <T> T fenced(Transactions.Body<T> body) throws Exception {
        try {
            return Transactions.inTransaction(effects.dsl(), body);
        } catch (StaleAttemptException e) {
            if (job != null) {
                effects.observer().stale(job, e);
            }
            throw e;
        }
    }

    private void requireOpen() {
        if (stored != null) {
            throw new IllegalStateException("job " + id + " has completed already; its result is storedResult()");
        }
    }
}
