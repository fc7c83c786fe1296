package dev.drover.cli.db;

import dev.drover.db.DatabaseException;
import dev.drover.db.lifecycle.Finding;
import dev.drover.db.lifecycle.RoleAudit;
import dev.drover.db.lifecycle.RuntimeProbe;
import dev.drover.db.lifecycle.SchemaStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code drover db check}: connects as the daemons' role (the URL's user) and shows that it can do what they need
 * and nothing more: the schema check they run at start works and passes, {@link RoleAudit}'s catalog findings, and
 * {@link RuntimeProbe}'s live attempts (a row written, DDL and a history write refused; all rolled back).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Connect as the daemons' runtime role (the URL's user) and prove it can do what the daemons "
                + "need and nothing more.",
            "Checks: the schema matches this jar (read as the daemons read it at start); every table readable and "
                    + "writable, every sequence usable; no SUPERUSER/CREATEROLE/CREATEDB/REPLICATION/BYPASSRLS, no "
                    + "CREATE anywhere, no TRUNCATE/REFERENCES/TRIGGER, nothing owned, flyway_schema_history "
                    + "read-only. Then tries it: writes a row, attempts DDL and a history write (refused), and "
                    + "rolls everything back.",
            "Exit 1 when any check fails (e.g. run with the owner's URL: it owns the tables)."})
final class DbCheckCommand extends DbSubcommand {

    @Override
    protected int run() {
        List<Finding> findings = new ArrayList<>();
        findings.add(schema());
        String role;
        try (Connection c = connect()) {
            role = currentUser(c);
            findings.addAll(RoleAudit.audit(c, role));
            findings.addAll(RuntimeProbe.run(c));
        } catch (SQLException e) {
            throw new DatabaseException(DatabaseException.Kind.REFUSED, "check failed: " + e.getMessage(), e);
        }
        boolean ok = findings.stream().allMatch(Finding::ok);
        if (out().json()) {
            out().printJson(DbJson.findings(out().object().put("database", url().toString()).put("role", role),
                    findings));
        } else {
            out().println("database  " + url());
            DbJson.printFindings(out(), findings);
            long failed = findings.stream().filter(f -> !f.ok()).count();
            out().println(ok ? role + " can do what the daemons need and nothing more"
                    : failed + " check(s) failed: " + role + " is not the least-privilege runtime role "
                            + "(create it with `drover db create-role`)");
        }
        return ok ? 0 : 1;
    }

    private Finding schema() {
        String check = "the schema matches this jar (the daemons' start check)";
        try {
            SchemaStatus s = migrations().status();
            return new Finding(check, s.isCurrent(), s.isCurrent() ? "version " + s.databaseVersion()
                    : "the schema " + s.summary() + "; " + s.remedy(null));
        } catch (DatabaseException e) {
            if (e.kind() == DatabaseException.Kind.UNREACHABLE) {
                throw e;
            }
            return new Finding(check, false, e.getMessage());
        }
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
