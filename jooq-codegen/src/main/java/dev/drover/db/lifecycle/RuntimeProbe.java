package dev.drover.db.lifecycle;

import dev.drover.db.DatabaseException;
import dev.drover.db.DatabaseException.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Tries, as the connected role, what {@link RoleAudit} reads from the catalog: writes a row (insert, update,
 * delete in {@code certification.ai_models}), and attempts DDL and a write to Flyway's history, which must be
 * refused. Everything happens in one transaction that is rolled back, so the probe leaves nothing behind, and
 * waits at most a few seconds for a lock.
 */
public final class RuntimeProbe {

    private static final String PROBE_TABLE = "certification.ai_models";

    private RuntimeProbe() {
    }

    /** The three probes' findings; the connection is left in auto-commit as it was. */
    public static List<Finding> run(Connection c) {
        try {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("set local lock_timeout = '5s'");
                List<Finding> out = new ArrayList<>();
                out.add(writeRow(c));
                out.add(refused(c, "DDL is refused (CREATE TABLE in certification)",
                        "create table certification.drover_check_probe (id int)"));
                out.add(refused(c, "writing " + Migrations.HISTORY_SCHEMA + "." + Migrations.HISTORY_TABLE
                        + " is refused", "delete from " + Migrations.HISTORY_SCHEMA + "." + Migrations.HISTORY_TABLE
                        + " where false"));
                return out;
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DatabaseException(Kind.REFUSED, "the probe failed: " + PostgresErrors.firstLine(e.getMessage()), e);
        }
    }

    private static Finding writeRow(Connection c) throws SQLException {
        String check = "inserts, updates and deletes a row (" + PROBE_TABLE + ", rolled back)";
        String id = "drover-db-check-" + UUID.randomUUID();
        Savepoint sp = c.setSavepoint();
        try {
            int n = update(c, "insert into " + PROBE_TABLE + " (id, name, provider) values (?, 'drover db check', 'drover')", id)
                    + update(c, "update " + PROBE_TABLE + " set active = false where id = ?", id)
                    + update(c, "delete from " + PROBE_TABLE + " where id = ?", id);
            return new Finding(check, n == 3, n == 3 ? "ok" : n + " of 3 statements changed a row");
        } catch (SQLException e) {
            c.rollback(sp);
            return new Finding(check, false, PostgresErrors.firstLine(e.getMessage()));
        }
    }

    private static int update(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            return ps.executeUpdate();
        }
    }

    private static Finding refused(Connection c, String check, String sql) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            c.rollback(sp);
            return new Finding(check, false, "it was allowed");
        } catch (SQLException e) {
            c.rollback(sp);
            return PostgresErrors.insufficientPrivilege(e) ? new Finding(check, true, "permission denied")
                    : new Finding(check, false, "failed otherwise: " + PostgresErrors.firstLine(e.getMessage()));
        }
    }
}
