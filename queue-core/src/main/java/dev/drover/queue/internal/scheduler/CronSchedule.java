package dev.drover.queue.internal.scheduler;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.time.ZonedDateTime;
import java.util.OptionalLong;

/**
 * A cron pattern read the way BullMQ's cron-parser reads it: five fields, or six with seconds first; day of week
 * 0-7 (0 and 7 are Sunday) with names, {@code L} and {@code #}; day of month with {@code L}, {@code W}, {@code ?}.
 * Next times come from cron-utils, adjusted to cron-parser's two differences: when both day of month and day of
 * week are restricted a day matching either fires (Vixie cron's OR), and a local time that a DST gap skips fires
 * shifted later by the gap (02:30 on a spring-forward night fires at 03:30), because the pattern is evaluated on
 * local wall-clock time and then placed in the zone.
 */
public final class CronSchedule {

    private static final CronParser PARSER = new CronParser(definition());

    private final String pattern;
    private final List<ExecutionTime> executions;
    private final boolean everyHour;

    private CronSchedule(String pattern, boolean everyHour, List<Cron> crons) {
        this.pattern = pattern;
        this.everyHour = everyHour;
        this.executions = crons.stream().map(ExecutionTime::forCron).toList();
    }

    private static CronDefinition definition() {
        return CronDefinitionBuilder.defineCron()
                .withSeconds().and()
                .withMinutes().and()
                .withHours().and()
                .withDayOfMonth().supportsL().supportsW().supportsLW().supportsQuestionMark().and()
                .withMonth().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0)
                .supportsHash().supportsL().supportsQuestionMark().and()
                .instance();
    }

    /** Parses {@code pattern}; throws IllegalArgumentException naming the pattern and the reason. */
    public static CronSchedule parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("cron pattern must not be blank");
        }
        String[] fields = pattern.trim().split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new IllegalArgumentException("invalid cron pattern '" + pattern + "': expected 5 fields, or 6 with "
                    + "seconds first, got " + fields.length);
        }
        // a five-field pattern fires at second 0, as in cron-parser
        String full = fields.length == 5 ? "0 " + String.join(" ", fields) : String.join(" ", fields);
        try {
            String[] f = full.split(" ");
            if (restricted(f[3]) && restricted(f[5])) {
                // either day field may match: evaluate each alone and take the earlier time
                return new CronSchedule(pattern, f[2].equals("*"), List.of(PARSER.parse(withDays(f, f[3], "?")),
                        PARSER.parse(withDays(f, "?", f[5]))));
            }
            return new CronSchedule(pattern, f[2].equals("*"), List.of(PARSER.parse(full)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron pattern '" + pattern + "': " + e.getMessage(), e);
        }
    }

    private static boolean restricted(String dayField) {
        return !dayField.equals("*") && !dayField.equals("?");
    }

    private static String withDays(String[] f, String dayOfMonth, String dayOfWeek) {
        return String.join(" ", f[0], f[1], f[2], dayOfMonth, f[4], dayOfWeek);
    }

    /**
     * The first fire time strictly after {@code afterMs} in {@code zone}, or empty when there is none. As in
     * cron-parser, a gap-skipped local time fires shifted later (the wall-clock evaluation), and the repeated hour of
     * a DST overlap fires in both passes only when the pattern runs every hour (then the zoned evaluation, which
     * walks real instants, may come first); an hour-restricted pattern fires in the first pass only.
     */
    public OptionalLong next(long afterMs, ZoneId zone) {
        // cron fires on whole seconds; from a whole second cron-utils never carries milliseconds into its result
        ZonedDateTime from = Instant.ofEpochMilli(Math.floorDiv(afterMs, 1000) * 1000).atZone(zone);
        if (!everyHour) {
            return nextByWallClock(afterMs, from);
        }
        OptionalLong zoned = earliest(from).map(t -> OptionalLong.of(t.toInstant().toEpochMilli()))
                .orElse(OptionalLong.empty());
        OptionalLong wall = nextByWallClock(afterMs, from);
        if (zoned.isEmpty() || wall.isEmpty()) {
            return zoned.isEmpty() ? wall : zoned;
        }
        return OptionalLong.of(Math.min(zoned.getAsLong(), wall.getAsLong()));
    }

    private OptionalLong nextByWallClock(long afterMs, ZonedDateTime from) {
        // wall-clock time as if it were UTC, so cron-utils never skips a local time that the zone leaves out
        ZonedDateTime local = from.toLocalDateTime().atZone(ZoneOffset.UTC);
        for (int guard = 0; guard < 4; guard++) {
            Optional<ZonedDateTime> n = earliest(local);
            if (n.isEmpty()) {
                return OptionalLong.empty();
            }
            long ms = ZonedDateTime.ofLocal(n.get().toLocalDateTime(), from.getZone(), from.getOffset())
                    .toInstant().toEpochMilli();
            if (ms > afterMs) {
                return OptionalLong.of(ms);
            }
            local = n.get(); // the second pass of a DST overlap maps back before afterMs: move on
        }
        return OptionalLong.empty();
    }

    private Optional<ZonedDateTime> earliest(ZonedDateTime from) {
        return executions.stream().map(e -> e.nextExecution(from)).flatMap(Optional::stream)
                .min(ZonedDateTime::compareTo);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
