package dev.drover.queue;

/**
 * A queue operation that Redis refused or could not do. {@link #kind()} says why, so callers (the CLI, workers)
 * can react without parsing messages.
 */
public class QueueException extends RuntimeException {

    /** Why an operation failed. */
    public enum Kind {
        /** The job hash does not exist. */
        JOB_NOT_FOUND,
        /** The job's lock expired: another worker may own the job now. */
        LOCK_MISSING,
        /** The job is not in the state the operation needs (e.g. finishing a job that is no longer active). */
        NOT_IN_STATE,
        /** The job cannot complete while children it waits for are pending. */
        PENDING_CHILDREN,
        /** The flow parent a child names does not exist. */
        PARENT_NOT_FOUND,
        /** A worker holds the job's lock (or a pending child's), so it cannot be removed. */
        JOB_LOCKED,
        /** Another worker's token holds the job's lock. */
        LOCK_MISMATCH,
        /** The job exists as the child of another parent, which still exists. */
        PARENT_CANNOT_BE_REPLACED,
        /** The job is a job scheduler's pending next job: remove the scheduler instead. */
        JOB_BELONGS_TO_SCHEDULER,
        /** The job cannot complete because at least one child failed (with failParentOnFailure). */
        FAILED_CHILDREN,
        /** The operation needs a paused queue. */
        QUEUE_NOT_PAUSED,
        /** The operation refuses while jobs are active. */
        ACTIVE_JOBS,
        /** Redis could not be reached, or is not serving for now (loading, busy, failing over): worth retrying. */
        REDIS,
        /**
         * Redis ran the command or script and answered with an error (a script error, a key of the wrong type):
         * not an outage, so retrying the same call will not help.
         */
        COMMAND_ERROR,
        /** An add reached the master but fewer replicas than asked confirmed it ({@link NotReplicatedException}). */
        NOT_REPLICATED
    }

    private final Kind kind;

    public QueueException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public QueueException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
