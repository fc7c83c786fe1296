package dev.drover.cli.convert;

import dev.drover.queue.JobState;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses BullMQ's state names ({@code waiting}/{@code wait}, {@code delayed}, {@code failed}...). */
public final class JobStateConverter implements ITypeConverter<JobState> {

    @Override
    public JobState convert(String value) {
        try {
            return JobState.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
