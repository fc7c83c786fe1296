package dev.drover.queue.postgres;

/**
 * Thrown instead of committing when this attempt of a job is no longer the current one: its lock expired and the job
 * was fetched again by another attempt, which registered itself since (or already completed the job). The attempt's
 * work was rolled back. The processor should let it propagate: the worker's finishing call is refused because the
 * lock is gone, so the stale worker neither completes nor fails the queue job; the current attempt does.
 */
public final class StaleAttemptException extends RuntimeException {

    /** Why the attempt is stale. */
    public enum Reason {
        /** A later attempt of the job registered itself (it holds the job now). */
        SUPERSEDED,
        /** Another attempt committed the job's work already. */
        COMPLETED_ELSEWHERE
    }

    private final String queue;
    private final String jobId;
    private final Reason reason;

    StaleAttemptException(String queue, String jobId, Reason reason, String message) {
        super(message);
        this.queue = queue;
        this.jobId = jobId;
        this.reason = reason;
    }

    public String queue() {
        return queue;
    }

    public String jobId() {
        return jobId;
    }

    public Reason reason() {
        return reason;
    }
}
