package dev.drover.cli.db;

import dev.drover.db.lifecycle.SchemaStatus;
import dev.drover.db.lifecycle.SchemaStatus.Verdict;
import picocli.CommandLine.Command;

/**
 * {@code drover db validate}: compares every applied migration with this jar's (checksum, description, order) and
 * exits 1 with the reasons when they differ. Pending migrations above the applied ones are not drift.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check the applied migrations against this jar: checksums, descriptions and order.",
            "Exit 1 with every reason when they differ (an edited or unknown migration, one rolled back below "
                    + "applied ones, a database newer than this jar, another application's history); pending "
                    + "migrations alone are no drift (exit 0)."})
final class DbValidateCommand extends DbSubcommand {

    @Override
    protected int run() {
        SchemaStatus s = migrations().status();
        boolean valid = s.verdict() == Verdict.CURRENT || s.verdict() == Verdict.PENDING;
        if (out().json()) {
            out().printJson(DbJson.status(out(), url().toString(), s).put("valid", valid));
        } else if (valid) {
            out().println("valid: the migration history of " + url() + " matches this jar; the schema "
                    + s.summary());
        } else {
            out().println("invalid: the schema of " + url() + " " + s.summary());
            s.problems().forEach(p -> out().println("  - " + p));
            out().println(s.remedy(null));
        }
        return valid ? 0 : 1;
    }
}
