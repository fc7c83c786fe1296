package dev.drover.dashboard.queues;

import dev.drover.dashboard.view.Chart;
import dev.drover.queue.JobState;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One queue as the queues page shows it.
 *
 * @param name          the queue name
 * @param counts        jobs per state
 * @param paused        whether workers stop fetching
 * @param workers       connected workers (CLIENT LIST)
 * @param oldestWaiting how long the oldest job in wait has been due; null when none waits
 * @param throughput    completed and failed per minute over the last hour, oldest minute first
 * @param source        where the per-minute numbers come from ("metrics" or "finished jobs kept")
 */
public record QueueRow(String name, Map<JobState, Long> counts, boolean paused, int workers, Duration oldestWaiting,
                       Chart throughput, String source) {

    /** The states in the order the pages show them. */
    public static final List<JobState> STATES = List.of(JobState.WAITING, JobState.PRIORITIZED, JobState.DELAYED,
            JobState.ACTIVE, JobState.WAITING_CHILDREN, JobState.COMPLETED, JobState.FAILED, JobState.PAUSED);

    public long count(JobState s) {
        return counts.getOrDefault(s, 0L);
    }

    /** Jobs per minute summed over the hour, for series {@code i} (0 completed, 1 failed). */
    public long lastHour(int i) {
        return throughput.series().get(i).data().stream().mapToLong(Number::longValue).sum();
    }
}
