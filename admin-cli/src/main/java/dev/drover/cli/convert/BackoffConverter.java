package dev.drover.cli.convert;

import dev.drover.queue.Backoff;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code fixed:MS} or {@code exponential:MS} (the delay may also carry a unit: {@code exponential:1s}). */
public final class BackoffConverter implements ITypeConverter<Backoff> {

    @Override
    public Backoff convert(String value) {
        String[] parts = value.split(":", 2);
        if (parts.length != 2) {
            throw invalid(value);
        }
        long delay = DurationConverter.parse(parts[1]).toMillis();
        return switch (parts[0].trim().toLowerCase(java.util.Locale.ROOT)) {
            case Backoff.FIXED -> Backoff.fixed(delay);
            case Backoff.EXPONENTIAL -> Backoff.exponential(delay);
            default -> throw invalid(value);
        };
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not a backoff; use fixed:MS or exponential:MS");
    }
}
