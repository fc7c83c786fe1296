package dev.drover.queue.internal.script;

import dev.drover.queue.QueueException;
import dev.drover.queue.internal.redis.RedisExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs independent script calls as {@link RedisExecutor#evalEach} does (one pipeline; each call's reply, or the
 * {@link QueueException} of its script error, at its index; a connection failure throws for all of them, and any of
 * them may then have run), except that runs of consecutive calls a batch script can take ({@link Kind}) travel as
 * one call of that script. A batch script stops at a call that raised: that call gets the error, the calls after it
 * did not run and are sent again, so every call runs exactly once.
 */
public final class BatchedCalls {

    /** One kind of batch: which calls join one, how many at most, the batch call, and how its reply marks errors. */
    public interface Kind {

        boolean batchable(ScriptCall call);

        int maxCalls();

        ScriptCall batch(List<ScriptCall> calls);

        /** The error message an element of a batch reply carries, or null when the element is that call's reply. */
        String errorIn(Object element);
    }

    /** The reply slot of a call the batch script stopped before. */
    public static final Object NOT_RUN = new Object();

    private BatchedCalls() {
    }

    public static List<Object> evalEach(RedisExecutor redis, List<ScriptCall> calls, Kind kind) {
        Object[] replies = new Object[calls.size()];
        List<Integer> todo = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            todo.add(i);
        }
        while (!todo.isEmpty()) {
            List<ScriptCall> pending = todo.stream().map(calls::get).toList();
            List<List<Integer>> groups = new ArrayList<>();
            for (int i = 0; i < todo.size(); ) {
                int j = groupEnd(pending, i, kind);
                groups.add(todo.subList(i, j));
                i = j;
            }
            List<ScriptCall> sent = groups.stream().map(g -> g.size() == 1 ? calls.get(g.get(0))
                    : kind.batch(g.stream().map(calls::get).toList())).toList();
            List<Object> got = redis.evalEach(sent);
            List<Integer> notRun = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                List<Integer> group = groups.get(g);
                List<Object> each = group.size() == 1 ? List.of(got.get(g)) : perCall(group.size(), got.get(g), kind);
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
     * The end (exclusive) of the group that starts at {@code from}: the run of batchable calls there, at most
     * {@link Kind#maxCalls()} long, or just that call when it is not batchable.
     */
    public static int groupEnd(List<ScriptCall> calls, int from, Kind kind) {
        int to = from + 1;
        while (kind.batchable(calls.get(from)) && to < calls.size() && to - from < kind.maxCalls()
                && kind.batchable(calls.get(to))) {
            to++;
        }
        return to;
    }

    /** The reply of each of the {@code size} calls a batch call's reply stands for. */
    public static List<Object> perCall(int size, Object reply, Kind kind) {
        List<Object> each = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            if (!(reply instanceof List<?> perCall)) {
                each.add(reply); // a batch Redis refused as a whole (nothing ran): each call gets that error
            } else if (k >= perCall.size()) {
                each.add(NOT_RUN);
            } else {
                String error = kind.errorIn(perCall.get(k));
                each.add(error != null ? new QueueException(QueueException.Kind.COMMAND_ERROR, "redis: " + error)
                        : perCall.get(k));
            }
        }
        return each;
    }
}
