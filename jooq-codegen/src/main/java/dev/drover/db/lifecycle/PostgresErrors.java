package dev.drover.db.lifecycle;

import dev.drover.db.DatabaseException;
import dev.drover.db.DatabaseUrl;
import java.sql.SQLException;
import java.util.Optional;

/** Sorts Postgres errors by SQLSTATE into the {@link DatabaseException.Kind}s callers map to exit codes. */
public final class PostgresErrors {

    private PostgresErrors() {
    }

    /** The first {@link SQLException} in {@code t}'s cause chain. */
    public static Optional<SQLException> sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Connection refused or timed out, login refused, database missing, server starting or full: the classes
     * {@code 08}, {@code 28}, and {@code 3D000}, {@code 53300}, {@code 57P03}.
     */
    public static boolean cannotConnect(SQLException e) {
        String s = e.getSQLState();
        return s != null && (s.startsWith("08") || s.startsWith("28") || s.equals("3D000") || s.equals("53300")
                || s.equals("57P03"));
    }

    /** {@code 42501}: the role lacks a privilege (or ownership) the statement needs. */
    public static boolean insufficientPrivilege(SQLException e) {
        return "42501".equals(e.getSQLState());
    }

    /** The failure to connect to {@code url} as one line; never the password. */
    public static DatabaseException unreachable(DatabaseUrl url, SQLException e) {
        return new DatabaseException(DatabaseException.Kind.UNREACHABLE,
                "cannot connect to Postgres at " + url + ": " + firstLine(e.getMessage()), e);
    }

    /** The first line of a (possibly multi-line) message, trimmed; "unknown error" when empty. */
    public static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        int nl = message.strip().indexOf('\n');
        return (nl < 0 ? message.strip() : message.strip().substring(0, nl)).strip();
    }
}
