package dev.drover.db.lifecycle;

import dev.drover.db.DatabaseException;
import dev.drover.db.DatabaseException.Kind;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads from the catalog exactly what a role may do in Drover's database, and compares it with what the
 * runtime role must be: rows read and written in {@link #SCHEMAS}, sequences drawn, {@code flyway_schema_history}
 * read; no role attributes beyond LOGIN, no CREATE anywhere, no TRUNCATE, REFERENCES or TRIGGER, nothing owned
 * (directly or through membership), no write to the history. Runs as any role (the privilege functions take the
 * role to check), so {@code create-role} audits what it just made and {@code check} audits itself.
 */
public final class RoleAudit {

    /** The schemas the daemons use. */
    public static final List<String> SCHEMAS = List.of("certification", "lead_sync", "gpu", "drover");

    private static final String HISTORY = Migrations.HISTORY_SCHEMA + "." + Migrations.HISTORY_TABLE;

    private RoleAudit() {
    }

    /** Every finding about {@code role}, in a fixed order; all ok means least privilege as documented. */
    public static List<Finding> audit(Connection c, String role) {
        try {
            List<Finding> out = new ArrayList<>();
            out.add(attributes(c, role));
            if (!out.getFirst().ok() && out.getFirst().detail().contains("does not exist")) {
                return out;
            }
            out.add(schemasExist(c));
            Tables t = tables(c, role);
            out.add(Finding.of("reads and writes every table (SELECT, INSERT, UPDATE, DELETE)", t.missing,
                    t.count + " tables in " + String.join(", ", SCHEMAS)));
            out.add(Finding.of("draws from every sequence (USAGE)", t.sequencesMissing, t.sequences + " sequences"));
            out.add(Finding.of("has no TRUNCATE, REFERENCES or TRIGGER on any table", t.extra, "none"));
            out.add(Finding.of("owns nothing and is no member of an owner (cannot ALTER or DROP)", owned(c, role),
                    "owns nothing"));
            out.add(Finding.of("cannot CREATE in the database, " + String.join(", ", SCHEMAS) + " or public",
                    creates(c, role), "no CREATE"));
            out.add(history(c, role));
            return out;
        } catch (SQLException e) {
            throw new DatabaseException(Kind.REFUSED, "cannot read the privileges of role " + role + ": "
                    + PostgresErrors.firstLine(e.getMessage()), e);
        }
    }

    private static Finding attributes(Connection c, String role) throws SQLException {
        String sql = "select rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin"
                + " from pg_roles where rolname = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Finding("role " + role + " exists", false, "role " + role + " does not exist");
                }
                List<String> powers = new ArrayList<>();
                String[] names = {"SUPERUSER", "CREATEROLE", "CREATEDB", "REPLICATION", "BYPASSRLS"};
                for (int i = 0; i < names.length; i++) {
                    if (rs.getBoolean(i + 1)) {
                        powers.add("has " + names[i]);
                    }
                }
                return Finding.of("role " + role + " has no SUPERUSER, CREATEROLE, CREATEDB, REPLICATION, BYPASSRLS",
                        powers, rs.getBoolean(6) ? "LOGIN" : "NOLOGIN (a group role)");
            }
        }
    }

    private static Finding schemasExist(Connection c) throws SQLException {
        List<String> missing = strings(c, "select 'schema ' || s || ' does not exist (run drover db migrate)'"
                + " from unnest(?::text[]) s where not exists (select 1 from pg_namespace where nspname = s)",
                schemas(c));
        return Finding.of("the schemas exist", missing, String.join(", ", SCHEMAS));
    }

    private record Tables(int count, int sequences, List<String> missing, List<String> sequencesMissing,
                          List<String> extra) {
    }

    private static Tables tables(Connection c, String role) throws SQLException {
        String sql = "select n.nspname || '.' || c.relname, c.relkind = 'S',"
                + " has_table_privilege(r.oid, c.oid, 'SELECT'), has_table_privilege(r.oid, c.oid, 'INSERT'),"
                + " has_table_privilege(r.oid, c.oid, 'UPDATE'), has_table_privilege(r.oid, c.oid, 'DELETE'),"
                + " c.relkind <> 'S' and has_table_privilege(r.oid, c.oid, 'TRUNCATE'),"
                + " c.relkind <> 'S' and has_table_privilege(r.oid, c.oid, 'REFERENCES'),"
                + " c.relkind <> 'S' and has_table_privilege(r.oid, c.oid, 'TRIGGER'),"
                + " c.relkind = 'S' and has_sequence_privilege(r.oid, c.oid, 'USAGE')"
                + " from pg_class c join pg_namespace n on n.oid = c.relnamespace, pg_roles r"
                + " where r.rolname = ? and n.nspname = any(?) and c.relkind in ('r', 'p', 'S')"
                + " order by 1";
        int tables = 0;
        int sequences = 0;
        List<String> missing = new ArrayList<>();
        List<String> sequencesMissing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        String[] dml = {"SELECT", "INSERT", "UPDATE", "DELETE"};
        String[] more = {"TRUNCATE", "REFERENCES", "TRIGGER"};
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, role);
            ps.setArray(2, schemas(c));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (rs.getBoolean(2)) {
                        sequences++;
                        if (!rs.getBoolean(10)) {
                            sequencesMissing.add("no USAGE on " + name);
                        }
                        continue;
                    }
                    tables++;
                    for (int i = 0; i < dml.length; i++) {
                        if (!rs.getBoolean(3 + i)) {
                            missing.add("no " + dml[i] + " on " + name);
                        }
                    }
                    for (int i = 0; i < more.length; i++) {
                        if (rs.getBoolean(7 + i)) {
                            extra.add("has " + more[i] + " on " + name);
                        }
                    }
                }
            }
        }
        if (tables == 0) {
            missing.add("no tables found (run drover db migrate)");
        }
        return new Tables(tables, sequences, missing, sequencesMissing, extra);
    }

    private static List<String> owned(Connection c, String role) throws SQLException {
        return strings(c, "select 'owns (or is a member of the owner of) ' || x from ("
                + " select 'database ' || d.datname as x from pg_database d, pg_roles r"
                + " where d.datname = current_database() and r.rolname = ? and pg_has_role(r.oid, d.datdba, 'MEMBER')"
                + " union all select 'schema ' || n.nspname from pg_namespace n, pg_roles r"
                + " where r.rolname = ? and (n.nspname = any(?) or n.nspname = 'public')"
                + " and pg_has_role(r.oid, n.nspowner, 'MEMBER')"
                + " union all select n.nspname || '.' || c.relname from pg_class c"
                + " join pg_namespace n on n.oid = c.relnamespace, pg_roles r"
                + " where r.rolname = ? and n.nspname = any(?) and pg_has_role(r.oid, c.relowner, 'MEMBER')) o",
                role, role, schemas(c), role, schemas(c));
    }

    private static List<String> creates(Connection c, String role) throws SQLException {
        return strings(c, "select 'may CREATE in ' || x from ("
                + " select 'the database' as x from pg_roles r where r.rolname = ?"
                + " and has_database_privilege(r.oid, current_database(), 'CREATE')"
                + " union all select 'schema ' || n.nspname from pg_namespace n, pg_roles r"
                + " where r.rolname = ? and (n.nspname = any(?) or n.nspname = 'public')"
                + " and has_schema_privilege(r.oid, n.oid, 'CREATE')) o", role, role, schemas(c));
    }

    // the first column of every row; parameters are Strings or Arrays
    private static List<String> strings(Connection c, String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Array a) {
                    ps.setArray(i + 1, a);
                } else {
                    ps.setString(i + 1, (String) params[i]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Finding history(Connection c, String role) throws SQLException {
        String sql = "select to_regclass(?) is not null,"
                + " coalesce(has_table_privilege(?::name, to_regclass(?)::oid, 'SELECT'), false),"
                + " coalesce(has_table_privilege(?::name, to_regclass(?)::oid, 'INSERT, UPDATE, DELETE, TRUNCATE'),"
                + " false)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, HISTORY);
            ps.setString(2, role);
            ps.setString(3, HISTORY);
            ps.setString(4, role);
            ps.setString(5, HISTORY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<String> problems = new ArrayList<>();
                if (!rs.getBoolean(1)) {
                    problems.add(HISTORY + " does not exist (run drover db migrate)");
                } else {
                    if (!rs.getBoolean(2)) {
                        problems.add("cannot read it (the daemons' schema check needs to)");
                    }
                    if (rs.getBoolean(3)) {
                        problems.add("may write it");
                    }
                }
                return Finding.of("reads " + HISTORY + " and cannot write it", problems, "read-only");
            }
        }
    }

    private static Array schemas(Connection c) throws SQLException {
        return c.createArrayOf("text", SCHEMAS.toArray());
    }
}
