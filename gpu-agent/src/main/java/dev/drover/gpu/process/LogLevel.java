package dev.drover.gpu.process;

/** A job log line's level; {@link #dbName()} is how {@code gpu.log_level} spells it. */
public enum LogLevel {
    INFO, WARNING, ERROR;

    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
