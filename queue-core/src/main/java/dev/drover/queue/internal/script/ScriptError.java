package dev.drover.queue.internal.script;

import dev.drover.queue.QueueException;
import dev.drover.queue.QueueException.Kind;

/**
 * The negative codes our Lua scripts return, mapped once to typed {@link QueueException}s so every caller reports
 * the same failure the same way. Codes -1 to -9 are BullMQ's own ({@code ErrorCode} in bullmq's enums) and mean
 * what they mean there; -20 and below are Drover's, for replies BullMQ's scripts give as 0 or as their own local
 * numbers.
 */
public enum ScriptError {
    JOB_NOT_FOUND(-1, Kind.JOB_NOT_FOUND, "job %s does not exist"),
    LOCK_MISSING(-2, Kind.LOCK_MISSING, "lock of job %s is missing (it expired; the job may run elsewhere)"),
    NOT_IN_STATE(-3, Kind.NOT_IN_STATE, "job %s is not in the state this operation needs"),
    PENDING_CHILDREN(-4, Kind.PENDING_CHILDREN, "job %s has pending dependencies"),
    PARENT_NOT_FOUND(-5, Kind.PARENT_NOT_FOUND, "the parent of job %s does not exist"),
    LOCK_MISMATCH(-6, Kind.LOCK_MISMATCH, "lock of job %s is held by another worker"),
    PARENT_CANNOT_BE_REPLACED(-7, Kind.PARENT_CANNOT_BE_REPLACED,
            "job %s exists as the child of another parent, which cannot be replaced"),
    JOB_BELONGS_TO_SCHEDULER(-8, Kind.JOB_BELONGS_TO_SCHEDULER,
            "job %s belongs to a job scheduler and cannot be removed directly"),
    FAILED_CHILDREN(-9, Kind.FAILED_CHILDREN, "cannot complete job %s because it has at least one failed child"),
    SCHEDULER_SLOT_TAKEN(-10, Kind.SLOT_TAKEN, "the next slot of job scheduler %s already has its job"),
    SCHEDULER_SLOTS_BUSY(-11, Kind.SLOT_TAKEN, "job scheduler %s: every slot tried already has its job"),
    JOB_LOCKED(-20, Kind.JOB_LOCKED, "job %s (or a child it waits for) is locked by a worker"),
    QUEUE_NOT_PAUSED(-21, Kind.QUEUE_NOT_PAUSED, "queue %s must be paused first"),
    ACTIVE_JOBS(-22, Kind.ACTIVE_JOBS, "queue %s has active jobs");

    private final int code;
    private final Kind kind;
    private final String format;

    ScriptError(int code, Kind kind, String format) {
        this.code = code;
        this.kind = kind;
        this.format = format;
    }

    public int code() {
        return code;
    }

    /** The error for a script's return value, or null when {@code result} is not a negative code. */
    public static ScriptError of(Object result) {
        if (result instanceof Long n && n < 0) {
            for (ScriptError e : values()) {
                if (e.code == n) {
                    return e;
                }
            }
            throw new IllegalStateException("unknown script error code " + n);
        }
        return null;
    }

    /** An exception naming the command and the job (or queue) concerned. */
    public QueueException toException(String command, String subject) {
        return new QueueException(kind, command + ": " + String.format(format, subject));
    }

    /** Throws the mapped exception when {@code result} is an error code; returns {@code result} otherwise. */
    public static Object check(Object result, String command, String subject) {
        ScriptError e = of(result);
        if (e != null) {
            throw e.toException(command, subject);
        }
        return result;
    }
}
