package dev.drover.queue;

import java.util.Map;

/** One queue found under a prefix: its name, whether it is paused, and how many jobs each state holds. */
public record QueueSummary(String name, boolean paused, Map<JobState, Long> counts) {

    public QueueSummary {
        counts = Map.copyOf(counts);
    }
}
