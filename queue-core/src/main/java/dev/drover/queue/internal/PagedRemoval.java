package dev.drover.queue.internal;

import dev.drover.queue.JobState;
import dev.drover.queue.internal.script.ScriptCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Drain and clean, one page of at most {@code batch} jobs per script call (drainQueue-2.lua, cleanJobsInSet-4.lua),
 * so that no call blocks Redis for long on a big queue, ending as BullMQ's one-call versions do.
 */
public final class PagedRemoval {

    private final QueueClient client;
    private final int batch;

    public PagedRemoval(QueueClient client, int batch) {
        this.client = client;
        this.batch = batch;
    }

    /** Removes the jobs of wait, paused, (delayed), prioritized; returns how many. */
    public long drain(boolean includeDelayed) {
        List<JobState> states = includeDelayed
                ? List.of(JobState.WAITING, JobState.PAUSED, JobState.DELAYED, JobState.PRIORITIZED)
                : List.of(JobState.WAITING, JobState.PAUSED, JobState.PRIORITIZED);
        long removed = 0;
        for (JobState state : states) {
            long cursor = 0;
            List<?> page;
            do {
                page = (List<?>) run(client.scripts().drainPage(state.keySuffix(), state.isList(), cursor, batch));
                removed += (Long) page.get(0);
                cursor = (Long) page.get(1);
            } while ((Long) page.get(2) == 1);
        }
        return removed;
    }

    /** Removes up to {@code limit} (0: no limit) jobs of {@code state} at or before {@code cutoffMs}; their ids. */
    public List<String> clean(JobState state, long cutoffMs, int limit) {
        String rule = cleanRule(state);
        List<String> removed = new ArrayList<>();
        long cursor = 0;
        List<?> page;
        do {
            page = (List<?>) run(client.scripts().cleanPage(client.keys().key(state.keySuffix()), rule, cutoffMs,
                    batch, limit, cursor, removed.size()));
            ((List<?>) page.get(0)).forEach(id -> removed.add(String.valueOf(id)));
            cursor = (Long) page.get(1);
        } while ((Long) page.get(2) == 0);
        return removed;
    }

    private Object run(ScriptCall call) {
        return client.run(call, client.keys().queueName());
    }

    private static String cleanRule(JobState state) {
        return switch (state) {
            case COMPLETED, FAILED, WAITING_CHILDREN -> "finished";
            case DELAYED -> "delayed";
            case PRIORITIZED -> "prioritized";
            case WAITING, PAUSED -> "wait";
            case ACTIVE -> "active";
            case UNKNOWN -> throw new IllegalArgumentException("cannot clean state " + state);
        };
    }
}
