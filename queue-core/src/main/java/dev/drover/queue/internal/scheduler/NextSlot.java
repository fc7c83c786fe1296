package dev.drover.queue.internal.scheduler;

import java.time.ZoneId;
import java.util.OptionalLong;

/**
 * A scheduler's timing, and its next slot as BullMQ's client computes it: a cron scheduler's next slot is the first
 * fire time strictly after {@code from} (or after startDate when later); an {@code every} scheduler's is
 * {@code from} itself, startDate when later (its later slots are stepped by the scripts, which know the stored
 * previous slot). Nothing after {@code endDate}.
 */
public record NextSlot(String pattern, long every, ZoneId zone, Long startDate, Long endDate) {

    /** The next slot at or after {@code now}. */
    public OptionalLong first(long now) {
        long from = startDate != null ? Math.max(now, startDate) : now;
        if (pattern == null) {
            return bounded(from);
        }
        return bounded(CronSchedule.parse(pattern).next(from, zone));
    }

    private OptionalLong bounded(long t) {
        return endDate != null && t > endDate ? OptionalLong.empty() : OptionalLong.of(t);
    }

    private OptionalLong bounded(OptionalLong t) {
        return t.isEmpty() ? t : bounded(t.getAsLong());
    }
}
