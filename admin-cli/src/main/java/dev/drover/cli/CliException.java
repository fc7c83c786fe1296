package dev.drover.cli;

/**
 * A failure the CLI reports as one line on stderr with a documented exit code (see {@link ExitCode}). Commands throw
 * it; {@link ErrorHandler} prints it.
 */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The thing asked for does not exist (exit 1). */
    public static CliException notFound(String message) {
        return new CliException(ExitCode.NOT_FOUND_OR_REFUSED, message);
    }

    /** The operation was refused (exit 1). */
    public static CliException refused(String message) {
        return new CliException(ExitCode.NOT_FOUND_OR_REFUSED, message);
    }

    /** The command line was wrong in a way picocli could not see (exit 2). */
    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
