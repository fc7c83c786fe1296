package dev.drover.queue.internal;

import dev.drover.queue.QueueException;
import dev.drover.queue.internal.redis.RedisExecutor;
import dev.drover.queue.internal.script.BatchedCalls;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.Scripts;
import java.util.List;

/**
 * Sends the add calls of one addBulk as addBatch-10 calls ({@link Scripts#addBatch}) of up to {@link #MAX_JOBS}
 * jobs, all in one pipeline: one EVALSHA per batch instead of one per job, and the queue's meta read once per batch.
 * Same contract as {@link RedisExecutor#evalAll} over the lone calls: replies in order, each what the job's lone
 * addJob-10 call would have answered; when an add raised, every other job is still added once (see
 * {@link BatchedCalls}) and then the first error is thrown.
 */
public final class BatchedAdds {

    /** A cap on the jobs of one script call, so that one call never holds Redis for long. */
    static final int MAX_JOBS = 100;

    private BatchedAdds() {
    }

    public static List<Object> evalAll(RedisExecutor redis, Scripts scripts, List<ScriptCall> adds) {
        List<Object> replies = BatchedCalls.evalEach(redis, adds, kind(scripts));
        for (Object r : replies) {
            if (r instanceof QueueException e) {
                throw e;
            }
        }
        return replies;
    }

    private static BatchedCalls.Kind kind(Scripts scripts) {
        return new BatchedCalls.Kind() {
            @Override public boolean batchable(ScriptCall call) { return scripts.batchableAdd(call); }
            @Override public int maxCalls() { return MAX_JOBS; }
            @Override public ScriptCall batch(List<ScriptCall> calls) { return scripts.addBatch(calls); }
            // addBatch-10 wraps an error message in an array, since a job id is a string
            @Override public String errorIn(Object element) {
                return element instanceof List<?> error ? String.valueOf(error.get(0)) : null;
            }
        };
    }
}
