package dev.drover.queue.internal.scheduler;

import java.time.ZoneId;
import java.util.OptionalLong;

/**
 * A scheduler's timing as stored in its hash, and its slots as BullMQ computes them: a cron scheduler's next slot
 * is the first fire time strictly after the previous slot (or after now, or after startDate when later); an
 * {@code every} scheduler starts at once and then steps by {@code every} from its first slot, skipping slots a
 * stopped fleet missed. Nothing after {@code endDate}.
 */
public record NextSlot(String pattern, long every, ZoneId zone, Long startDate, Long endDate) {

    /** The first slot of a scheduler created or replaced at {@code now}. */
    public OptionalLong first(long now) {
        long from = startDate != null ? Math.max(now, startDate) : now;
        if (pattern == null) {
            return bounded(from);
        }
        return bounded(CronSchedule.parse(pattern).next(from, zone));
    }

    /** The slot after {@code slot}, for a worker that activated that slot's job at {@code now}. */
    public OptionalLong after(long slot, long now) {
        if (pattern == null) {
            long next = slot + every;
            if (next < now) {
                // the fleet was down: resume at the first slot still ahead, on the same grid
                next = slot + ((now - slot) / every + 1) * every;
            }
            return bounded(next);
        }
        long from = startDate != null ? Math.max(slot, startDate) : slot;
        return bounded(CronSchedule.parse(pattern).next(from, zone));
    }

    private OptionalLong bounded(long t) {
        return endDate != null && t > endDate ? OptionalLong.empty() : OptionalLong.of(t);
    }

    private OptionalLong bounded(OptionalLong t) {
        return t.isEmpty() ? t : bounded(t.getAsLong());
    }
}
