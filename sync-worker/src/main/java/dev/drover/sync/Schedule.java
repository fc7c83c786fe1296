package dev.drover.sync;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * When a segment runs: every fixed interval, or by a five-field Unix cron expression in a time zone (the seed's
 * {@code '0 6 * * *'}). Invalid values fail at construction, before anything reaches the database.
 */
public sealed interface Schedule {

    /** The first run time strictly after {@code from}. */
    Instant next(Instant from);

    /** Every {@code interval} (whole seconds, at least one), counted from the claim. */
    record Every(Duration interval) implements Schedule {
        public Every {
            if (interval == null || interval.toSeconds() < 1) {
                throw new IllegalArgumentException("interval must be at least 1 second, got " + interval);
            }
        }

        @Override
        public Instant next(Instant from) {
            return from.plusSeconds(interval.toSeconds());
        }
    }

    /** A Unix cron expression ({@code minute hour day-of-month month day-of-week}) read in {@code zone}. */
    record Cron(String expression, ZoneId zone) implements Schedule {
        private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        public Cron {
            // "Z" and "UTC" are the same zone; store the name operators and the column default use.
            zone = zone == null || zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
            if (expression == null || expression.isBlank()) {
                throw new IllegalArgumentException("cron expression is empty");
            }
            try {
                PARSER.parse(expression).validate();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid cron expression '" + expression + "': " + e.getMessage(), e);
            }
        }

        @Override
        public Instant next(Instant from) {
            return ExecutionTime.forCron(PARSER.parse(expression)).nextExecution(ZonedDateTime.ofInstant(from, zone))
                    .map(ZonedDateTime::toInstant)
                    .orElseThrow(() -> new IllegalStateException("cron '" + expression + "' never fires again"));
        }
    }

    /** Parses the CLI's {@code --every} value: {@code 90s}, {@code 15m}, {@code 6h}, {@code 1d} or ISO-8601 {@code PT6H}. */
    static Every every(String text) {
        String t = text.strip().toLowerCase();
        try {
            if (t.startsWith("p")) {
                return new Every(Duration.parse(t.toUpperCase()));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return new Every(switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("unit");
            });
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid interval '" + text + "': use e.g. 90s, 15m, 6h, 1d or PT6H", e);
        }
    }
}
