package dev.drover.db.lifecycle;

import dev.drover.db.DatabaseException;
import dev.drover.db.DatabaseException.Kind;
import dev.drover.db.lifecycle.SchemaStatus.Entry;
import dev.drover.db.lifecycle.SchemaStatus.MigrationState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Undoing applied migrations with the rollback scripts shipped in {@code db/rollback/} (today one: V2, seed 002's
 * regional certifications). {@link #plan} decides what {@code --to V} means for the database at hand and refuses
 * what cannot be done; {@link #run} executes the scripts, newest first, each in its own transaction.
 *
 * <p>Migrations above the target that have no rollback script (V3 and later: other schemas) make the plan refuse unless
 * the caller keeps them ({@code keepLater}): they stay applied, the undone migration becomes "not applied" below
 * them, and {@code migrate --out-of-order} applies it again. The scripts use no CASCADE, so if anything of a kept
 * migration depended on what is undone, the script stops and changes nothing.
 */
public final class Rollback {

    /** A rollback script: the migration it undoes, what it does, and the tables whose rows it drops. */
    public record Script(String version, String resource, String effect, List<String> droppedTables) {
    }

    /** The scripts this jar has. */
    public static final List<Script> SCRIPTS = List.of(new Script("2",
            "db/rollback/rollback_V2_regional_certifications.sql",
            "drops the regional certification tables and restores the pre-regional model_certifications (the V1 rows "
                    + "kept as model_certifications_legacy)",
            List.of("certification.certification_job_items", "certification.model_certifications",
                    "certification.certification_jobs")));

    /**
     * What a rollback will do.
     *
     * @param target   the version asked for
     * @param undo     the scripts to run, newest migration first
     * @param kept     applied versions above the target that stay applied (no rollback script)
     * @param rowsLost rows in the tables the scripts drop, per table
     */
    public record Plan(String target, List<Script> undo, List<String> kept, Map<String, Long> rowsLost) {

        public String undoneVersions() {
            return Rollback.undoneVersions(undo);
        }
    }

    private Rollback() {
    }

    /**
     * Plans {@code --to target} for a database in {@code status}; counts the rows that would be lost on
     * {@code connection}. Throws {@link IllegalArgumentException} for a target this jar does not know,
     * {@link DatabaseException} when there is nothing to undo or later migrations block it.
     */
    public static Plan plan(Connection connection, SchemaStatus status, String target, boolean keepLater) {
        String to = target.replaceFirst("^[vV]", "");
        MigrationVersion toVersion = version(to);
        if (status.migrations().stream().noneMatch(e -> !e.version().isEmpty() && version(e.version()).equals(toVersion))) {
            throw new IllegalArgumentException("--to " + target + ": this jar has no migration V" + to);
        }
        switch (status.verdict()) {
            case FOREIGN, DRIFT, NEWER -> throw new DatabaseException(Kind.SCHEMA, "not rolling back: the schema "
                    + status.summary() + "; " + status.remedy(null));
            default -> {
                // CURRENT, PENDING and OUT_OF_ORDER histories are Drover's own: plan on
            }
        }
        List<Entry> above = status.migrations().stream()
                .filter(e -> e.state() == MigrationState.APPLIED && version(e.version()).compareTo(toVersion) > 0)
                .sorted(Comparator.comparing((Entry e) -> version(e.version())).reversed()).toList();
        List<Script> undo = above.stream().map(e -> script(e.version())).flatMap(Optional::stream).toList();
        List<String> kept = above.stream().filter(e -> script(e.version()).isEmpty()).map(e -> "V" + e.version())
                .sorted(Comparator.comparing(v -> version(v.substring(1)))).toList();
        if (undo.isEmpty()) {
            throw new DatabaseException(Kind.REFUSED, "nothing to roll back to V" + to + ": "
                    + (above.isEmpty() ? "no migration above V" + to + " is applied"
                    : "this jar has no rollback script for " + String.join(", ", kept)));
        }
        if (!kept.isEmpty() && !keepLater) {
            throw new DatabaseException(Kind.REFUSED, String.join(", ", kept) + " applied above V" + to
                    + " have no rollback script; pass --keep-later to undo only " + undoneVersions(undo)
                    + " and keep them applied (the rollback stops, changing nothing, if they depend on it); "
                    + "`drover db migrate --out-of-order` applies " + undoneVersions(undo) + " again later");
        }
        return new Plan(to, undo, kept, countRows(connection, undo));
    }

    /** Runs the plan's scripts, newest first; each is one transaction, so a failing one changes nothing. */
    public static void run(Connection connection, Plan plan) {
        for (Script script : plan.undo()) {
            try (Statement s = connection.createStatement()) {
                s.execute(SqlResource.read(script.resource()));
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw new DatabaseException(PostgresErrors.insufficientPrivilege(e) ? Kind.PRIVILEGE : Kind.REFUSED,
                        "rollback of V" + script.version() + " failed and changed nothing: "
                                + PostgresErrors.firstLine(e.getMessage())
                                + (PostgresErrors.insufficientPrivilege(e) ? " (run it as the schema owner)" : ""), e);
            }
        }
    }

    private static Map<String, Long> countRows(Connection connection, List<Script> undo) {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            for (Script script : undo) {
                for (String table : script.droppedTables()) {
                    try (ResultSet rs = s.executeQuery("select to_regclass('" + table + "') is not null")) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            continue;
                        }
                    }
                    // table names come from SCRIPTS above, never from input
                    try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                        rs.next();
                        rows.put(table, rs.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(Kind.REFUSED, "cannot count the rows the rollback would drop: "
                    + PostgresErrors.firstLine(e.getMessage()), e);
        }
        return rows;
    }

    private static Optional<Script> script(String version) {
        return SCRIPTS.stream().filter(s -> version(s.version()).equals(version(version))).findFirst();
    }

    private static String undoneVersions(List<Script> undo) {
        return undo.stream().map(s -> "V" + s.version()).collect(Collectors.joining(", "));
    }

    private static MigrationVersion version(String v) {
        try {
            return MigrationVersion.fromVersion(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + v + "' is not a migration version (e.g. 1 or V1)");
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try (Statement s = connection.createStatement()) {
            s.execute("rollback");
        } catch (SQLException ignored) {
            // the connection is closed by the caller either way
        }
    }
}
