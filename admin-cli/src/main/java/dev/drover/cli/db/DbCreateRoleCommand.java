package dev.drover.cli.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.CliException;
import dev.drover.db.lifecycle.Finding;
import dev.drover.db.lifecycle.RoleAudit;
import dev.drover.db.lifecycle.RuntimeRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drover db create-role NAME [--password-env VAR]}: creates or updates the daemons' least-privilege role by
 * running the shipped {@code db/roles/create_runtime_role.sql} (see {@link RuntimeRole}), then reads back its
 * privileges ({@link RoleAudit}) and prints them. The password is only ever read from the environment.
 */
@Command(name = "create-role", mixinStandardHelpOptions = true,
        description = {"Create or update the daemons' least-privilege runtime role: rows read and written in the "
                + "certification, lead_sync, gpu and drover schemas, sequences, flyway_schema_history read-only; no DDL, no "
                + "TRUNCATE, owns nothing.",
            "Runs the jar's db/roles/create_runtime_role.sql (the file the README shows for psql) with the name and "
                    + "password bound as parameters; the password becomes a SCRAM verifier before it is sent.",
            "Run it after `drover db migrate`, as the schema owner with CREATEROLE or as a superuser; again after "
                    + "a migration that adds a schema. Then it prints the privileges it finds."})
final class DbCreateRoleCommand extends DbSubcommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The role, e.g. drover_runtime.")
    String name;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = {"Name of the environment variable holding the role's password; the role gets LOGIN.",
                "Without it a new role is NOLOGIN (a group role to GRANT to login roles) and an existing role "
                        + "keeps its login and password."})
    String passwordEnv;

    @Override
    protected int run() {
        RuntimeRole.requireValidName(name);
        String password = password();
        try (Connection c = connect()) {
            boolean existed = exists(c);
            RuntimeRole.createOrUpdate(c, name, password);
            List<Finding> findings = RoleAudit.audit(c, name);
            boolean ok = findings.stream().allMatch(Finding::ok);
            String runtimeUrl = url().withCredentials(name, "").withoutPassword();
            if (out().json()) {
                ObjectNode o = out().object().put("database", url().toString()).put("role", name)
                        .put("created", !existed).put("login", password != null).put("runtimeUrl", runtimeUrl);
                out().printJson(DbJson.findings(o, findings));
            } else {
                out().println((existed ? "updated" : "created") + " role " + name + " on " + url()
                        + (password != null ? " (LOGIN, password from $" + passwordEnv + ")" : ""));
                DbJson.printFindings(out(), findings);
                if (ok && password != null) {
                    out().println("daemons connect with DATABASE_URL=" + runtimeUrl.replace(name + "@",
                            name + ":<password>@") + "; check with `drover db check` on that URL");
                }
            }
            return ok ? 0 : 1;
        } catch (SQLException e) {
            throw CliException.refused("cannot read role " + name + ": " + e.getMessage());
        }
    }

    private String password() {
        if (passwordEnv == null) {
            return null;
        }
        String value = ctx().env().get(passwordEnv);
        if (value == null || value.isEmpty()) {
            throw CliException.usage("environment variable " + passwordEnv + " (--password-env) is not set or empty");
        }
        return value;
    }

    private boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
