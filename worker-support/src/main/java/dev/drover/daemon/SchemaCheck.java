package dev.drover.daemon;

import dev.drover.db.Database;
import dev.drover.db.DatabaseException;
import dev.drover.db.lifecycle.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema step of a daemon's start: optionally apply pending migrations ({@code MIGRATE_ON_START}), then refuse
 * to run unless the database holds exactly this jar's migrations. Failures are {@link StartupException}s: exit 4
 * with the command to run, exit 3 when Postgres went away meanwhile.
 */
final class SchemaCheck {

    private static final Logger log = LoggerFactory.getLogger(SchemaCheck.class);

    private SchemaCheck() {
    }

    static void prepare(Database database, boolean migrateOnStart) {
        if (migrateOnStart) {
            migrate(database);
        }
        try {
            database.requireCurrentSchema();
        } catch (DatabaseException e) {
            throw translate(e, "");
        }
    }

    private static void migrate(Database database) {
        try {
            Migrations.Run run = database.migrate();
            if (!run.applied().isEmpty()) {
                log.info("MIGRATE_ON_START applied {} migration(s): schema of {} at version {}", run.applied().size(),
                        database.url(), run.toVersion());
            }
        } catch (DatabaseException e) {
            throw translate(e, e.kind() == DatabaseException.Kind.PRIVILEGE
                    ? "MIGRATE_ON_START=true needs the schema owner's DATABASE_URL: " : "MIGRATE_ON_START=true: ");
        }
    }

    private static StartupException translate(DatabaseException e, String prefix) {
        return e.kind() == DatabaseException.Kind.UNREACHABLE ? StartupException.unreachable(e.getMessage(), e)
                : StartupException.schema(prefix + e.getMessage(), e);
    }
}
