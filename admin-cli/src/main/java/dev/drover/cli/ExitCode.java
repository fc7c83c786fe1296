package dev.drover.cli;

/** The exit codes scripts can rely on. */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** The queue, job or thing asked for was not found, or the operation was refused (for {@code drover db}: also a
     *  schema that does not match this jar, drift, or a failed check). */
    public static final int NOT_FOUND_OR_REFUSED = 1;
    /** Usage error: unknown command or option, bad value (picocli's own code for parameter errors). */
    public static final int USAGE = 2;
    /** Redis could not be reached or refused the login. */
    public static final int NO_REDIS = 3;
    /** Postgres could not be reached, refused the login, or has no such database ({@code drover db}). */
    public static final int NO_DATABASE = 3;

    private ExitCode() {
    }
}
