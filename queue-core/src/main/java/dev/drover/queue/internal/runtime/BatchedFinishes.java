package dev.drover.queue.internal.runtime;

import dev.drover.queue.QueueException;
import dev.drover.queue.internal.redis.RedisExecutor;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.Scripts;
import java.util.ArrayList;
import java.util.Arrays;
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
    static final Object NOT_RUN = new Object();

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
        Object[] replies = new Object[calls.size()];
        List<Integer> todo = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            todo.add(i);
        }
        while (!todo.isEmpty()) {
            List<List<Integer>> groups = groups(calls, todo);
            List<ScriptCall> sent = new ArrayList<>(groups.size());
            for (List<Integer> g : groups) {
                sent.add(g.size() == 1 ? calls.get(g.get(0)) : scripts.finishBatch(g.stream().map(calls::get).toList(),
                        false));
            }
            List<Object> got = redis.evalEach(sent);
            List<Integer> notRun = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                List<Integer> group = groups.get(g);
                List<Object> each = group.size() == 1 ? List.of(got.get(g)) : perCall(group.size(), got.get(g));
                for (int k = 0; k < group.size(); k++) {
                    if (each.get(k) == NOT_RUN) {
                        notRun.add(group.get(k));
                    } else {
                        replies[group.get(k)] = each.get(k);
                    }
                }
            }
            todo = notRun;
        }
        return Arrays.asList(replies);
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
        return perCall(finishes.size(), evalOne(redis, scripts.finishBatch(finishes, true)));
    }

    private static Object evalOne(RedisExecutor redis, ScriptCall call) {
        return redis.evalEach(List.of(call)).get(0);
    }

    /** Consecutive batchable calls of {@code todo} (at most MAX_JOBS) form one group; any other call its own. */
    private static List<List<Integer>> groups(List<ScriptCall> calls, List<Integer> todo) {
        List<ScriptCall> pending = todo.stream().map(calls::get).toList();
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < todo.size(); ) {
            int j = groupEnd(pending, i);
            groups.add(todo.subList(i, j));
            i = j;
        }
        return groups;
    }

    /**
     * The end (exclusive) of the group that starts at {@code from}: the run of batchable calls there, at most
     * {@link #MAX_JOBS} long, or just that call when it is not batchable.
     */
    static int groupEnd(List<ScriptCall> calls, int from) {
        int to = from + 1;
        while (batchable(calls.get(from)) && to < calls.size() && to - from < MAX_JOBS && batchable(calls.get(to))) {
            to++;
        }
        return to;
    }

    /** The reply of each of the {@code size} calls a batch call's reply stands for. */
    private static List<Object> perCall(int size, Object reply) {
        List<Object> each = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            if (!(reply instanceof List<?> perJob)) {
                each.add(reply); // a batch Redis refused as a whole (nothing ran): each call gets that error
            } else if (k >= perJob.size()) {
                each.add(NOT_RUN);
            } else {
                each.add(perJob.get(k) instanceof String error
                        ? new QueueException(QueueException.Kind.COMMAND_ERROR, "redis: " + error) : perJob.get(k));
            }
        }
        return each;
    }
}
