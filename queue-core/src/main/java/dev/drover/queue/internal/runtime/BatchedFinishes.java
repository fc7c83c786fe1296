package dev.drover.queue.internal.runtime;

import dev.drover.queue.QueueException;
import dev.drover.queue.internal.redis.RedisExecutor;
import dev.drover.queue.internal.script.BatchedCalls;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.Scripts;
import java.util.List;

/**
 * Sends moveToFinished calls of one queue as finishBatch-15 calls ({@link Scripts#finishBatch}): one atomic script
 * that finishes up to {@link #MAX_JOBS} jobs in order and does the work they share (queue meta, stalled set, marker,
 * the due-delayed check) once. Each call still gets the reply its lone call would have given, error codes included,
 * and a call repeated after a lost reply is still recognised by the script, job by job. A finish that raises inside
 * a batch gets that error as its reply (as its lone script would have raised), and the script stops there: the
 * calls after it did not run ({@link #NOT_RUN}) and are sent again, so every call runs exactly once.
 */
final class BatchedFinishes {

    /** A cap on the jobs of one script call, so one call never holds Redis for long. */
    static final int MAX_JOBS = 64;
    /** The reply slot of a call the batch script stopped before. */
    static final Object NOT_RUN = BatchedCalls.NOT_RUN;

    private BatchedFinishes() {
    }

    static boolean batchable(ScriptCall call) {
        return call.script().name().equals(Scripts.MOVE_TO_FINISHED);
    }

    /**
     * Runs independent calls as {@link RedisExecutor#evalEach} does (one pipeline; each call's reply, or the
     * {@link QueueException} of a script error, at its index; a connection failure throws for all of them, and any
     * of them may then have run), except that runs of consecutive moveToFinished calls travel as batch calls.
     */
    static List<Object> evalEach(RedisExecutor redis, Scripts scripts, List<ScriptCall> calls) {
        return BatchedCalls.evalEach(redis, calls, kind(scripts, false));
    }

    /**
     * Runs moveToFinished calls (at most {@link #MAX_JOBS}) in one script call, stopping after a finish whose fetch
     * activated a job scheduler's job, so that the caller writes that scheduler's next job before the later finishes
     * run, as between lone calls. Returns per call its reply, its script error, or {@link #NOT_RUN}.
     */
    static List<Object> finishInTurn(RedisExecutor redis, Scripts scripts, List<ScriptCall> finishes) {
        if (finishes.size() == 1) {
            return List.of(evalOne(redis, finishes.get(0)));
        }
        BatchedCalls.Kind kind = kind(scripts, true);
        return BatchedCalls.perCall(finishes.size(), evalOne(redis, kind.batch(finishes)), kind);
    }

    private static Object evalOne(RedisExecutor redis, ScriptCall call) {
        return redis.evalEach(List.of(call)).get(0);
    }

    /**
     * The end (exclusive) of the group that starts at {@code from}: the run of batchable calls there, at most
     * {@link #MAX_JOBS} long, or just that call when it is not batchable.
     */
    static int groupEnd(List<ScriptCall> calls, int from) {
        return BatchedCalls.groupEnd(calls, from, kind(null, false));
    }

    private static BatchedCalls.Kind kind(Scripts scripts, boolean stopAtScheduler) {
        return new BatchedCalls.Kind() {
            @Override public boolean batchable(ScriptCall call) { return BatchedFinishes.batchable(call); }
            @Override public int maxCalls() { return MAX_JOBS; }
            @Override public ScriptCall batch(List<ScriptCall> calls) {
                return scripts.finishBatch(calls, stopAtScheduler);
            }
            // no moveToFinished reply is a string: finishBatch-15 puts a raised error's message there
            @Override public String errorIn(Object element) { return element instanceof String error ? error : null; }
        };
    }
}
