package dev.drover.cli.convert;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a duration: a plain number is milliseconds ({@code 1500}); otherwise number-unit pairs with units
 * {@code ms s m h d} ({@code 500ms}, {@code 30s}, {@code 1h30m}, {@code 7d}), or ISO-8601 ({@code PT1H}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** The duration {@code value} names; TypeConversionException (a usage error) when it names none. */
    public static Duration parse(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.matches("\\d+")) {
            return Duration.ofMillis(Long.parseLong(v));
        }
        if (v.startsWith("p")) {
            try {
                return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        return units(v, value);
    }

    private static Duration units(String v, String original) {
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw invalid(original);
            }
            total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
            end = m.end();
        }
        if (end == 0 || end != v.length()) {
            throw invalid(original);
        }
        return total;
    }

    private static Duration unit(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not a duration; use milliseconds (1500) or units "
                + "ms, s, m, h, d (30s, 1h30m, 7d)");
    }
}
