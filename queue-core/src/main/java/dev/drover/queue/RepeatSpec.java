package dev.drover.queue;

import dev.drover.queue.internal.scheduler.CronSchedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * When a job scheduler fires (BullMQ's repeat options): a cron {@code pattern} (5 fields, or 6 with seconds
 * first; in {@code tz}, default the JVM's zone, as Node uses its process zone) or a fixed {@code every} interval;
 * at most {@code limit} jobs; not before {@code startDate}, not after {@code endDate}. Immutable; build with
 * {@link #builder()}, whose {@code build()} rejects an invalid pattern or an unknown zone.
 */
public record RepeatSpec(String pattern, Duration every, String tz, Integer limit, Instant startDate,
                         Instant endDate) {

    public static Builder builder() {
        return new Builder();
    }

    public static RepeatSpec cron(String pattern) {
        return builder().pattern(pattern).build();
    }

    public static RepeatSpec every(Duration every) {
        return builder().every(every).build();
    }

    public Builder toBuilder() {
        return new Builder().pattern(pattern).every(every).tz(tz).limit(limit).startDate(startDate).endDate(endDate);
    }

    /** The zone cron times are computed in. */
    public ZoneId zone() {
        return tz == null ? ZoneId.systemDefault() : ZoneId.of(tz);
    }

    /** Builder for {@link RepeatSpec}. */
    public static final class Builder {
        private String pattern;
        private Duration every;
        private String tz;
        private Integer limit;
        private Instant startDate;
        private Instant endDate;

        public Builder pattern(String pattern) { this.pattern = pattern; return this; }
        public Builder every(Duration every) { this.every = every; return this; }
        public Builder tz(String tz) { this.tz = tz; return this; }
        public Builder limit(Integer limit) { this.limit = limit; return this; }
        public Builder startDate(Instant start) { this.startDate = start; return this; }
        public Builder endDate(Instant end) { this.endDate = end; return this; }

        /** Validates and builds; throws IllegalArgumentException naming the option and the rule broken. */
        public RepeatSpec build() {
            if ((pattern == null) == (every == null)) {
                throw new IllegalArgumentException("a job scheduler needs exactly one of pattern or every");
            }
            if (pattern != null) {
                CronSchedule.parse(pattern);
            }
            if (every != null && (every.isNegative() || every.toMillis() < 1)) {
                throw new IllegalArgumentException("every must be >= 1 ms, got " + every);
            }
            if (tz != null) {
                try {
                    ZoneId.of(tz);
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("unknown time zone '" + tz + "'", e);
                }
            }
            if (limit != null && limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1, got " + limit);
            }
            if (startDate != null && endDate != null && !endDate.isAfter(startDate)) {
                throw new IllegalArgumentException("endDate " + endDate + " must be after startDate " + startDate);
            }
            return new RepeatSpec(pattern, every, tz, limit, startDate, endDate);
        }
    }
}
