package dev.drover.cli.db;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.db.lifecycle.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drover db migrate [--target V] [--out-of-order]}: applies the pending migrations as the schema owner and
 * prints what it applied. Idempotent; Flyway's advisory lock makes concurrent runs from several hosts wait for each
 * other, and the later ones find nothing left to apply.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply the pending migrations (as the schema owner: the role that owns the database) and "
                + "print what was applied.",
            "Safe to run again and from several hosts at once: Flyway's lock in Postgres makes them take turns, "
                    + "and a run that finds nothing pending changes nothing.",
            "Refuses a database newer than this jar, one whose history has drifted or belongs to another "
                    + "application, and (without --out-of-order) one with a migration rolled back below applied "
                    + "ones."})
final class DbMigrateCommand extends DbSubcommand {

    @Option(names = "--target", paramLabel = "V", description = "Stop at version V (e.g. 3 or V3) instead of the latest.")
    String target;

    @Option(names = "--out-of-order", description = "Also apply migrations below the newest applied one "
            + "(what `drover db rollback --keep-later` leaves behind).")
    boolean outOfOrder;

    @Override
    protected int run() {
        Migrations.Run r = migrations().migrate(target, outOfOrder);
        if (out().json()) {
            ObjectNode o = out().object().put("database", url().toString()).put("from", r.fromVersion())
                    .put("to", r.toVersion());
            ArrayNode applied = o.putArray("applied");
            r.applied().forEach(a -> applied.addObject().put("version", a.version())
                    .put("description", a.description()).put("executionMs", a.executionMs()));
            out().printJson(o);
            return 0;
        }
        r.applied().forEach(a -> out().println("applied V" + a.version() + " " + a.description() + " ("
                + a.executionMs() + " ms)"));
        out().println(r.applied().isEmpty()
                ? "the schema of " + url() + " is at version " + r.toVersion() + "; nothing to apply"
                : "the schema of " + url() + " is now at version " + r.toVersion() + " (" + r.applied().size()
                        + " migration(s) applied)");
        return 0;
    }
}
