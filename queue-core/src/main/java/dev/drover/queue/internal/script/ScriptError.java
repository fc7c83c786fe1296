package dev.drover.queue.internal.script;

import dev.drover.queue.QueueException;
import dev.drover.queue.QueueException.Kind;

/**
 * The negative codes our Lua scripts return, mapped once to typed {@link QueueException}s so every caller reports
 * the same failure the same way. Codes -1, -2 and -6 mean what BullMQ's do.
 */
public enum ScriptError {
    JOB_NOT_FOUND(-1, Kind.JOB_NOT_FOUND, "job %s does not exist"),
    LOCK_MISSING(-2, Kind.LOCK_MISSING, "lock of job %s is missing (it expired; the job may run elsewhere)"),
    NOT_IN_STATE(-3, Kind.NOT_IN_STATE, "job %s is not in the state this operation needs"),
    JOB_LOCKED(-4, Kind.JOB_LOCKED, "job %s is locked by a worker"),
    LOCK_MISMATCH(-6, Kind.LOCK_MISMATCH, "lock of job %s is held by another worker"),
    QUEUE_NOT_PAUSED(-7, Kind.QUEUE_NOT_PAUSED, "queue %s must be paused first"),
    ACTIVE_JOBS(-8, Kind.ACTIVE_JOBS, "queue %s has active jobs"),
    SCHEDULER_SLOT_TAKEN(-10, Kind.SLOT_TAKEN, "the next slot of job scheduler %s already has its job"),
    SCHEDULER_SLOTS_BUSY(-11, Kind.SLOT_TAKEN, "job scheduler %s: every slot tried already has its job");

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
