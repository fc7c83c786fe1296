package dev.drover.db;

/**
 * The database cannot be used, for a reason the message explains in one line (naming user, host, port and
 * database, never the password). {@link #kind()} says which sort of problem it is, so callers can choose an exit code.
 */
public final class DatabaseException extends RuntimeException {

    /** What went wrong. */
    public enum Kind {
        /** The server cannot be reached, refuses the login, or the database does not exist. */
        UNREACHABLE,
        /** The schema does not match this code: migrations pending, a newer or foreign history, drift. */
        SCHEMA,
        /** The role lacks a privilege the operation needs. */
        PRIVILEGE,
        /** Anything else: the operation was refused or failed. */
        REFUSED
    }

    private final Kind kind;

    public DatabaseException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public DatabaseException(Kind kind, String message) {
        this(kind, message, null);
    }

    /** An unreachable database (the historical meaning of this exception). */
    public DatabaseException(String message, Throwable cause) {
        this(Kind.UNREACHABLE, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
