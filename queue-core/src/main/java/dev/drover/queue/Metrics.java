package dev.drover.queue;

import java.util.List;

/**
 * Per-minute metrics of finished jobs in BullMQ's layout ({@code P:Q:metrics:<type>} + {@code :data}).
 *
 * @param count     total finished since metrics were first collected
 * @param perMinute jobs finished per minute, newest minute first
 */
public record Metrics(long count, List<Long> perMinute) {

    public Metrics {
        perMinute = List.copyOf(perMinute);
    }
}
