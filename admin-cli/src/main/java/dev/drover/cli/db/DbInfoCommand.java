package dev.drover.cli.db;

import dev.drover.cli.output.Humanize;
import dev.drover.cli.output.Table;
import dev.drover.db.lifecycle.SchemaStatus;
import dev.drover.db.lifecycle.SchemaStatus.Verdict;
import picocli.CommandLine.Command;

/**
 * {@code drover db info}: every migration with its state, the schema version and whether it matches this jar.
 * Exit 0 when this jar can work with the database (it matches, or migrations are only pending), 1 when the database
 * is newer, out of order, drifted or another application's.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Applied and pending migrations, the schema version, and whether it matches this jar.",
            "Exit 0 when it matches or migrations are only pending; 1 when the database is newer than this jar, "
                    + "has a migration rolled back, has drifted or belongs to another application."})
final class DbInfoCommand extends DbSubcommand {

    @Override
    protected int run() {
        SchemaStatus s = migrations().status();
        if (out().json()) {
            out().printJson(DbJson.status(out(), url().toString(), s));
        } else {
            print(s);
        }
        return s.verdict() == Verdict.CURRENT || s.verdict() == Verdict.PENDING ? 0 : 1;
    }

    private void print(SchemaStatus s) {
        out().println("database  " + url());
        out().println("schema    " + s.summary());
        if (!s.isCurrent()) {
            out().println("          " + s.remedy(null));
        }
        s.problems().forEach(p -> out().println("problem   " + p));
        Table t = new Table("VERSION", "DESCRIPTION", "STATE", "INSTALLED ON", "BY", ">MS");
        for (SchemaStatus.Entry e : s.migrations()) {
            t.row(e.version(), e.description(), Table.styled(e.state().label(), style(e.state())),
                    e.installedOn() == null ? null : Humanize.time(e.installedOn()), e.installedBy(), e.executionMs());
        }
        out().println("");
        out().table(t);
    }

    private static String style(SchemaStatus.MigrationState state) {
        return switch (state) {
            case APPLIED -> "green";
            case PENDING -> "yellow";
            default -> "red";
        };
    }
}
