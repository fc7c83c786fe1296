package dev.drover.daemon;

/**
 * A daemon cannot start, for a reason one line explains: {@link DaemonCli} prints {@link #getMessage()} alone (no
 * stack trace) and exits with {@link #exitCode()}. Messages name the variable or the host and port at fault and never
 * contain a secret.
 */
public final class StartupException extends RuntimeException {

    /** Exit code for configuration that is missing or cannot be parsed (picocli's usage-error code). */
    public static final int BAD_CONFIG = 2;
    /** Exit code for a dependency (Redis, Postgres) that cannot be reached; a supervisor may retry. */
    public static final int UNREACHABLE = 3;
    /**
     * Exit code for a database whose schema does not match the jar (migrations pending, a newer or foreign schema);
     * the message names the command that fixes it. A supervisor may retry: the migrations may be on their way.
     */
    public static final int SCHEMA = 4;

    private final int exitCode;

    private StartupException(String message, int exitCode, Throwable cause) {
        super(message, cause, false, false);
        this.exitCode = exitCode;
    }

    /** Missing or malformed configuration; the message names the variable. */
    public static StartupException badConfig(String message) {
        return new StartupException(message, BAD_CONFIG, null);
    }

    /** A dependency is down or refuses us; the message names host and port. */
    public static StartupException unreachable(String message, Throwable cause) {
        return new StartupException(message, UNREACHABLE, cause);
    }

    /** The database schema does not match this jar; the message says what to run. */
    public static StartupException schema(String message, Throwable cause) {
        return new StartupException(message, SCHEMA, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
