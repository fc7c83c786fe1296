package dev.drover.db.lifecycle;

import dev.drover.db.DatabaseException;
import dev.drover.db.DatabaseException.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.postgresql.util.PasswordUtil;

/**
 * Creates or updates the daemons' least-privilege runtime role by running {@code db/roles/create_runtime_role.sql},
 * the very file operators may run with psql, so the grants have one definition. The role name and password reach
 * the script as bound parameters of {@code set_config} (transaction-local settings the script reads), never as SQL
 * text. The password is turned into a SCRAM-SHA-256 (or MD5, per the server's {@code password_encryption}) verifier
 * on this side, so the plaintext is never sent to the server and cannot appear in its statement log.
 */
public final class RuntimeRole {

    /** The name when none is given. */
    public static final String DEFAULT_NAME = "drover_runtime";

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private RuntimeRole() {
    }

    /** Throws {@link IllegalArgumentException} unless {@code name} is a plain lower-case identifier. */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("role name '" + name + "' must be a lower-case identifier "
                    + "(letters, digits, _; at most 63; not starting with a digit)");
        }
        return name;
    }

    /**
     * Runs the role script on {@code connection} (as the schema owner with CREATEROLE, or a superuser) in one
     * transaction. {@code password} null: a new role is NOLOGIN and an existing role keeps its login and password.
     */
    public static void createOrUpdate(Connection connection, String name, String password) {
        requireValidName(name);
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                setLocal(connection, "drover.runtime_role", name);
                setLocal(connection, "drover.runtime_password", password == null ? "" : verifier(connection, name, password));
                try (Statement s = connection.createStatement()) {
                    s.execute(SqlResource.read(SqlResource.RUNTIME_ROLE));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            Kind kind = PostgresErrors.insufficientPrivilege(e) ? Kind.PRIVILEGE : Kind.REFUSED;
            throw new DatabaseException(kind, "cannot create or update role " + name + ": "
                    + PostgresErrors.firstLine(e.getMessage()) + (kind == Kind.PRIVILEGE
                    ? " (run it as the schema owner with CREATEROLE, or as a superuser)" : ""), e);
        }
    }

    private static void setLocal(Connection c, String setting, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select set_config(?, ?, true)")) {
            ps.setString(1, setting);
            ps.setString(2, value);
            ps.execute();
        }
    }

    private static String verifier(Connection c, String name, String password) throws SQLException {
        String encryption;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show password_encryption")) {
            rs.next();
            encryption = rs.getString(1);
        }
        return PasswordUtil.encodePassword(name, password.toCharArray(), encryption);
    }
}
