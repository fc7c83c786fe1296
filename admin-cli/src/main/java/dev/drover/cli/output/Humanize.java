package dev.drover.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times and durations as people read them: {@code 3m ago}, {@code in 5s}, {@code 1h 20m}, {@code 2026-08-01 12:00:03}. */
public final class Humanize {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private Humanize() {
    }

    /** A compact duration: {@code 350ms}, {@code 4.2s}, {@code 3m 5s}, {@code 2h 10m}, {@code 3d 4h}. */
    public static String duration(Duration d) {
        long ms = Math.abs(d.toMillis());
        if (ms < 1_000) {
            return ms + "ms";
        }
        if (ms < 10_000) {
            return String.format("%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return two(s / 60, "m", s % 60, "s");
        }
        if (s < 86_400) {
            return two(s / 3600, "h", s % 3600 / 60, "m");
        }
        return two(s / 86_400, "d", s % 86_400 / 3600, "h");
    }

    private static String two(long a, String ua, long b, String ub) {
        return b == 0 ? a + ua : a + ua + " " + b + ub;
    }

    /** Relative to now: {@code 3m ago}, {@code in 5s}, {@code just now}. */
    public static String relative(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (Math.abs(d.toMillis()) < 1_000) {
            return "just now";
        }
        return d.isNegative() ? "in " + duration(d) : duration(d) + " ago";
    }

    /** Local date-time, to the second. */
    public static String time(Instant t) {
        return TIME.format(t);
    }

    /** Local time of day with milliseconds, for event tails. */
    public static String clock(Instant t) {
        return CLOCK.format(t);
    }

    /** {@code 2026-08-01 12:00:03 (3m ago)}. */
    public static String timeAndRelative(Instant t, Instant now) {
        return time(t) + " (" + relative(t, now) + ")";
    }
}
