package dev.drover.gpu.process;

import java.time.Instant;

/** One line of a job's log: stdout is {@link LogLevel#INFO}, stderr {@link LogLevel#ERROR}. */
public record LogLine(Instant at, LogLevel level, String message) {
}
