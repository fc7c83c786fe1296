package dev.drover.db.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a database's Flyway history compares with the migrations in this jar, and what to do about it.
 *
 * @param verdict         the one-word answer; only {@link Verdict#CURRENT} lets a daemon start
 * @param migrations      every migration either side knows, in version order
 * @param databaseVersion the highest version applied, or null when none is
 * @param codeVersion     the highest version this jar has
 */
public record SchemaStatus(Verdict verdict, List<Entry> migrations, String databaseVersion, String codeVersion) {

    /** The state of the whole schema, worst first. */
    public enum Verdict {
        /** The history is another application's: none of its migrations is one of Drover's. */
        FOREIGN("foreign"),
        /** Applied migrations differ from this jar's (edited, failed, unknown to it). */
        DRIFT("drift"),
        /** Applied versions above the newest this jar knows: the database is newer than the code. */
        NEWER("newer"),
        /** A migration of this jar is not applied below the newest applied one (it was rolled back). */
        OUT_OF_ORDER("out-of-order"),
        /** Migrations of this jar wait to be applied after the newest applied one. */
        PENDING("pending"),
        /** Exactly this jar's migrations are applied. */
        CURRENT("current");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /** Lower-case name for output and JSON. */
        public String label() {
            return label;
        }
    }

    /** One row of {@code drover db info}. */
    public record Entry(String version, String description, MigrationState state, java.time.Instant installedOn,
                        String installedBy, Integer executionMs, String problem) {
    }

    /** What happened to one migration, from this jar's point of view. */
    public enum MigrationState {
        APPLIED("applied"),
        PENDING("pending"),
        NOT_APPLIED("not applied"),
        NEWER("newer than this jar"),
        UNKNOWN("unknown to this jar"),
        CHANGED("changed"),
        FAILED("failed");

        private final String label;

        MigrationState(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public SchemaStatus {
        migrations = List.copyOf(migrations);
    }

    /** Whether a daemon of this jar may run against the database. */
    public boolean isCurrent() {
        return verdict == Verdict.CURRENT;
    }

    /** The versions in {@code state}, e.g. {@code V4, V5}. */
    public String versions(MigrationState state) {
        return migrations.stream().filter(e -> e.state() == state).map(e -> "V" + e.version())
                .collect(Collectors.joining(", "));
    }

    /** Every reason the history does not match this jar, one line each (empty when it matches or is only behind). */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Entry e : migrations) {
            if (e.problem() != null) {
                out.add(e.problem());
            }
        }
        return out;
    }

    /** One line: where the schema stands against this jar. */
    public String summary() {
        String at = databaseVersion == null ? "has no migration applied" : "is at version " + databaseVersion;
        return switch (verdict) {
            case CURRENT -> "is at version " + databaseVersion + ", the version this jar expects";
            case PENDING -> at + ", older than this jar (version " + codeVersion + "): pending "
                    + versions(MigrationState.PENDING);
            case OUT_OF_ORDER -> at + " but " + versions(MigrationState.NOT_APPLIED)
                    + " of this jar is not applied (rolled back?)";
            case NEWER -> at + ", newer than this jar (version " + codeVersion + "): "
                    + versions(MigrationState.NEWER) + " unknown to it";
            case DRIFT -> "does not match this jar's migrations: " + String.join("; ", problems());
            case FOREIGN -> "has a flyway_schema_history of another application: none of its "
                    + applied() + " migration(s) is one of Drover's";
        };
    }

    /**
     * What to run about it. {@code ownerUrl} (no password) is put into the command when given, so a daemon's message
     * names the exact command line; null leaves it to the caller's {@code DATABASE_URL}.
     */
    public String remedy(String ownerUrl) {
        String url = ownerUrl == null ? "" : " --database-url " + ownerUrl;
        return switch (verdict) {
            case CURRENT -> "nothing to do";
            case PENDING -> "run `drover db migrate" + url + "` as the schema owner (or start one daemon with "
                    + "MIGRATE_ON_START=true and the owner's DATABASE_URL)";
            case OUT_OF_ORDER -> "run `drover db migrate --out-of-order" + url + "` as the schema owner to apply "
                    + versions(MigrationState.NOT_APPLIED) + " again";
            case NEWER -> "run a release of Drover that includes " + versions(MigrationState.NEWER)
                    + " (this one knows up to version " + codeVersion + ")";
            case DRIFT -> "run `drover db validate" + url + "` for the details; the history must be repaired by hand";
            case FOREIGN -> "give Drover a database of its own (CREATE DATABASE drover OWNER ...) and point "
                    + "DATABASE_URL at it";
        };
    }

    private long applied() {
        return migrations.stream().filter(e -> e.installedOn() != null).count();
    }
}
