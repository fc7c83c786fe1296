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
        /** A worker holds the job's lock, so it cannot be removed. */
        JOB_LOCKED,
        /** Another worker's token holds the job's lock. */
        LOCK_MISMATCH,
        /** The operation needs a paused queue. */
        QUEUE_NOT_PAUSED,
        /** The operation refuses while jobs are active. */
        ACTIVE_JOBS,
        /** A job scheduler's next slot already has its job (BullMQ's SchedulerJobIdCollision / SlotsBusy). */
        SLOT_TAKEN,
        /** Redis could not be reached or answered with an error. */
        REDIS
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
