package dev.drover.cli.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.CliException;
import dev.drover.db.lifecycle.Rollback;
import dev.drover.db.lifecycle.SchemaStatus;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drover db rollback --to V [--keep-later] [--yes]}: undoes applied migrations above V with the rollback
 * scripts this jar ships (see {@link Rollback}). On a terminal it shows what will be lost and asks for the database
 * name; elsewhere it needs {@code --yes}.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Undo the migrations applied above version V with the rollback scripts in this jar, newest "
                + "first, each in one transaction (a failing script changes nothing).",
            "This jar has one: V2 -> V1 (seed 002): the regional certification tables (certification_jobs, "
                    + "certification_job_items, model_certifications) are dropped with their rows, and the "
                    + "pre-regional model_certifications comes back with its V1 rows.",
            "Applied migrations above V that have no rollback script (V3 and later: the lead_sync, gpu and drover "
                    + "schemas) make it refuse unless --keep-later: they stay applied, V2 is then 'not applied' below "
                    + "them, "
                    + "daemons refuse to start, and `drover db migrate --out-of-order` applies V2 again.",
            "Stop the certification workers first. Run it as the schema owner. Asks for the database name on a "
                    + "terminal; otherwise pass --yes."})
final class DbRollbackCommand extends DbSubcommand {

    @Option(names = "--to", paramLabel = "V", required = true, description = "The version to go back to, e.g. 1 or V1.")
    String to;

    @Option(names = "--keep-later", description = "Keep applied migrations above V that have no rollback script "
            + "(they must not depend on what is undone; the script stops if they do).")
    boolean keepLater;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected int run() {
        SchemaStatus before = migrations().status();
        Rollback.Plan plan;
        try (Connection c = connect()) {
            plan = Rollback.plan(c, before, to, keepLater);
            if (!yes) {
                confirm(plan);
            }
            Rollback.run(c, plan);
        } catch (SQLException e) {
            throw CliException.refused("rollback: " + e.getMessage());
        }
        SchemaStatus after = migrations().status();
        if (out().json()) {
            ObjectNode o = out().object().put("database", url().toString()).put("to", plan.target());
            plan.undo().forEach(s -> o.withArray("undone").add(s.version()));
            plan.kept().forEach(v -> o.withArray("kept").add(v));
            ObjectNode rows = o.putObject("rowsDropped");
            plan.rowsLost().forEach(rows::put);
            o.put("status", after.verdict().label());
            out().printJson(o);
        } else {
            plan.undo().forEach(s -> out().println("rolled back V" + s.version() + ": " + s.effect()));
            out().println("the schema of " + url() + " " + after.summary()
                    + (after.isCurrent() ? "" : "; to roll forward again: " + after.remedy(null)));
        }
        return 0;
    }

    private void confirm(Rollback.Plan plan) {
        String database = url().database();
        if (!ctx().interactive()) {
            throw CliException.refused("not rolling back " + url() + " without confirmation: pass --yes "
                    + "(stdin is not a terminal)");
        }
        PrintWriter err = ctx().err();
        err.println("This undoes " + plan.undoneVersions() + " on " + url() + ":");
        plan.undo().forEach(s -> err.println("  V" + s.version() + ": " + s.effect()));
        for (Map.Entry<String, Long> e : plan.rowsLost().entrySet()) {
            err.println("  " + e.getKey() + ": " + e.getValue() + " row(s) dropped");
        }
        if (!plan.kept().isEmpty()) {
            err.println("  kept applied: " + String.join(", ", plan.kept()));
        }
        String answer = ctx().ask(err, "Type the database name (" + database + ") to confirm: ");
        if (!database.equals(answer)) {
            throw CliException.refused("not confirmed; " + url() + " left as it was");
        }
    }
}
