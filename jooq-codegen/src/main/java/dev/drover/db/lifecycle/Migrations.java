package dev.drover.db.lifecycle;

import dev.drover.db.DatabaseException;
import dev.drover.db.DatabaseException.Kind;
import dev.drover.db.DatabaseUrl;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Drover's Flyway migrations ({@code classpath:db/migration}) on one database: where the schema stands
 * ({@link #status()}), and bringing it up ({@link #migrate}). Flyway's history is {@code public.flyway_schema_history};
 * Flyway takes a Postgres advisory lock around a migrate, so several hosts may run it at once and the others wait,
 * then find nothing left to apply.
 *
 * <p>Every failure is a {@link DatabaseException} with a one-line message naming the database (never the password)
 * and, where there is one, the command that fixes it.
 */
public final class Migrations {

    /** Where the migrations are. */
    public static final String LOCATION = "classpath:db/migration";
    /** Flyway's history table; it lives in {@link #HISTORY_SCHEMA}. */
    public static final String HISTORY_TABLE = "flyway_schema_history";
    public static final String HISTORY_SCHEMA = "public";

    /** One migration a {@link #migrate} applied. */
    public record Applied(String version, String description, int executionMs) {
    }

    /** What a {@link #migrate} did: the versions before and after, and what it applied in order. */
    public record Run(String fromVersion, String toVersion, List<Applied> applied) {
    }

    private final DataSource dataSource;
    private final DatabaseUrl url;

    /** {@code url} only names the database in messages; connections come from {@code dataSource}. */
    public Migrations(DataSource dataSource, DatabaseUrl url) {
        this.dataSource = dataSource;
        this.url = url;
    }

    /** Where the schema stands against this jar; needs read access to the history table only. */
    public SchemaStatus status() {
        try {
            return StatusClassifier.classify(configure().load().info().all());
        } catch (FlywayException e) {
            throw translate(e, "read the migration history of");
        }
    }

    /**
     * Applies the pending migrations up to {@code target} (null: all) as the connecting role, which must own the
     * schemas. Refuses a database with a foreign or drifted history, one newer than this jar, a {@code target} below
     * the applied version, and a migration missing below the applied ones (a rollback) unless {@code outOfOrder}.
     */
    public Run migrate(String target, boolean outOfOrder) {
        SchemaStatus before = status();
        refuseUnsafe(before, outOfOrder);
        if (target != null) {
            requireReachableTarget(before, target);
        }
        try {
            String flywayTarget = target == null ? "latest" : target.replaceFirst("^[vV]", "");
            MigrateResult r = configure().target(flywayTarget).outOfOrder(outOfOrder)
                    .load().migrate();
            List<Applied> applied = r.migrations.stream()
                    .map(m -> new Applied(m.version, m.description, m.executionTime)).toList();
            String to = applied.isEmpty() ? before.databaseVersion() : r.targetSchemaVersion;
            return new Run(before.databaseVersion(), to, applied);
        } catch (FlywayException e) {
            throw translate(e, "migrate");
        }
    }

    /** Throws {@link Kind#SCHEMA} unless exactly this jar's migrations are applied; the message says what to run. */
    public SchemaStatus requireCurrent(String ownerUrl) {
        SchemaStatus s = status();
        if (!s.isCurrent()) {
            throw new DatabaseException(Kind.SCHEMA, "the schema of " + url + " " + s.summary() + "; "
                    + s.remedy(ownerUrl));
        }
        return s;
    }

    private void refuseUnsafe(SchemaStatus s, boolean outOfOrder) {
        switch (s.verdict()) {
            case FOREIGN, DRIFT, NEWER -> throw new DatabaseException(Kind.SCHEMA, "not migrating " + url + ": it "
                    + s.summary() + "; " + s.remedy(null));
            case OUT_OF_ORDER -> {
                if (!outOfOrder) {
                    throw new DatabaseException(Kind.SCHEMA, "not migrating " + url + ": it " + s.summary()
                            + "; pass --out-of-order to apply " + s.versions(SchemaStatus.MigrationState.NOT_APPLIED)
                            + " below the applied versions");
                }
            }
            default -> {
                // CURRENT and PENDING migrate (CURRENT to nothing)
            }
        }
    }

    private void requireReachableTarget(SchemaStatus s, String target) {
        MigrationVersion wanted;
        try {
            wanted = MigrationVersion.fromVersion(target.replaceFirst("^[vV]", ""));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--target '" + target + "' is not a version (e.g. 3)");
        }
        if (s.migrations().stream().filter(m -> !m.version().isEmpty())
                .noneMatch(m -> MigrationVersion.fromVersion(m.version()).equals(wanted))) {
            throw new IllegalArgumentException("--target " + target + ": this jar has no migration V" + target
                    + " (it has up to V" + s.codeVersion() + ")");
        }
        if (s.databaseVersion() != null && wanted.compareTo(MigrationVersion.fromVersion(s.databaseVersion())) < 0) {
            throw new DatabaseException(Kind.REFUSED, "not migrating " + url + " to V" + target + ": it is already at V"
                    + s.databaseVersion() + "; migrations only go up (see drover db rollback)");
        }
    }

    private FluentConfiguration configure() {
        return Flyway.configure().dataSource(dataSource).locations(LOCATION).defaultSchema(HISTORY_SCHEMA)
                .table(HISTORY_TABLE);
    }

    private DatabaseException translate(FlywayException e, String what) {
        Optional<SQLException> sql = PostgresErrors.sqlCause(e);
        if (sql.isPresent() && PostgresErrors.cannotConnect(sql.get())) {
            return PostgresErrors.unreachable(url, sql.get());
        }
        if (sql.isPresent() && PostgresErrors.insufficientPrivilege(sql.get())) {
            return new DatabaseException(Kind.PRIVILEGE, url.user() + " may not " + what + " " + url + " ("
                    + PostgresErrors.firstLine(sql.get().getMessage()) + "): " + privilegeAdvice(what), e);
        }
        String message = PostgresErrors.firstLine(e.getMessage());
        if (message.contains("non-empty schema")) {
            return new DatabaseException(Kind.SCHEMA, "not migrating " + url + ": its public schema has tables but "
                    + "no " + HISTORY_TABLE + " (another application's database?); give Drover a database of its own",
                    e);
        }
        String cause = sql.map(s -> ": " + PostgresErrors.firstLine(s.getMessage())).orElse("");
        return new DatabaseException(Kind.REFUSED, "cannot " + what + " " + url + ": " + message
                + (message.contains(cause.replaceFirst("^: ", "")) ? "" : cause), e);
    }

    private String privilegeAdvice(String what) {
        return what.equals("migrate")
                ? "migrations run as the schema owner (the role that owns the database), never as the runtime role"
                : "re-run `drover db create-role " + url.user() + "` as the owner; it grants read access to "
                        + HISTORY_SCHEMA + "." + HISTORY_TABLE;
    }
}
