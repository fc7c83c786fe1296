package dev.drover.db;

/** The database cannot be used: unreachable, refusing the credentials, or at an older schema than the code. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseException(String message) {
        super(message);
    }
}
