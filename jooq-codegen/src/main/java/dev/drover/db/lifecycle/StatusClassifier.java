package dev.drover.db.lifecycle;

import dev.drover.db.lifecycle.SchemaStatus.Entry;
import dev.drover.db.lifecycle.SchemaStatus.MigrationState;
import dev.drover.db.lifecycle.SchemaStatus.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.extensibility.AppliedMigration;
import org.flywaydb.core.internal.info.MigrationInfoImpl;

/** Turns Flyway's {@code info()} rows into a {@link SchemaStatus}: per migration a state and, if any, a problem. */
final class StatusClassifier {

    private StatusClassifier() {
    }

    static SchemaStatus classify(MigrationInfo[] all) {
        List<Entry> entries = new ArrayList<>();
        MigrationVersion code = null;
        MigrationVersion database = null;
        int ours = 0;
        List<MigrationInfo> sorted = new ArrayList<>(List.of(all));
        sorted.sort(Comparator.comparing(MigrationInfo::getVersion, Comparator.nullsLast(Comparator.naturalOrder())));
        for (MigrationInfo m : sorted) {
            Entry e = entry(m);
            entries.add(e);
            if (m.isVersioned() && isResolved(m) && (code == null || m.getVersion().compareTo(code) > 0)) {
                code = m.getVersion();
            }
            if (m.isVersioned() && e.installedOn() != null && (database == null || m.getVersion().compareTo(database) > 0)) {
                database = m.getVersion();
            }
            if (e.installedOn() != null && isResolved(m) && sameDescription(m)) {
                ours++;
            }
        }
        return new SchemaStatus(verdict(entries, ours), entries, database == null ? null : database.getVersion(),
                code == null ? null : code.getVersion());
    }

    private static boolean isResolved(MigrationInfo m) {
        return switch (m.getState()) {
            case MISSING_SUCCESS, MISSING_FAILED, FUTURE_SUCCESS, FUTURE_FAILED -> false;
            default -> true;
        };
    }

    private static Verdict verdict(List<Entry> entries, int ours) {
        boolean anyApplied = entries.stream().anyMatch(e -> e.installedOn() != null);
        if (anyApplied && ours == 0) {
            return Verdict.FOREIGN;
        }
        if (has(entries, MigrationState.CHANGED) || has(entries, MigrationState.UNKNOWN)
                || has(entries, MigrationState.FAILED)) {
            return Verdict.DRIFT;
        }
        if (has(entries, MigrationState.NEWER)) {
            return Verdict.NEWER;
        }
        if (has(entries, MigrationState.NOT_APPLIED)) {
            return Verdict.OUT_OF_ORDER;
        }
        return has(entries, MigrationState.PENDING) ? Verdict.PENDING : Verdict.CURRENT;
    }

    private static boolean has(List<Entry> entries, MigrationState state) {
        return entries.stream().anyMatch(e -> e.state() == state);
    }

    private static Entry entry(MigrationInfo m) {
        String name = name(m);
        Instant installed = m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant();
        MigrationState state;
        String problem = null;
        switch (m.getState()) {
            case SUCCESS, OUT_OF_ORDER -> {
                if (!sameDescription(m)) {
                    state = MigrationState.CHANGED;
                    problem = "V" + m.getVersion().getVersion() + " is '" + applied(m).getDescription()
                            + "' in the database but '" + resolved(m).getDescription() + "' in this jar: a different "
                            + "migration";
                } else if (!m.isChecksumMatching()) {
                    state = MigrationState.CHANGED;
                    problem = name + " was edited after it was applied (checksum " + m.getAppliedChecksum()
                            + " in the database, " + m.getResolvedChecksum() + " in this jar)";
                } else {
                    state = MigrationState.APPLIED;
                }
            }
            case PENDING, ABOVE_TARGET -> state = MigrationState.PENDING;
            case IGNORED -> {
                state = MigrationState.NOT_APPLIED;
                problem = name + " is not applied although later versions are (rolled back?)";
            }
            case FUTURE_SUCCESS -> {
                state = MigrationState.NEWER;
                problem = name + " is applied but this jar does not have it (the database is newer than the jar)";
            }
            case MISSING_SUCCESS -> {
                state = MigrationState.UNKNOWN;
                problem = name + " is applied but this jar has no such migration";
            }
            case FAILED, MISSING_FAILED, FUTURE_FAILED -> {
                state = MigrationState.FAILED;
                problem = name + " failed when it was applied; repair the database by hand and remove its row "
                        + "from flyway_schema_history";
            }
            default -> {
                state = installed == null ? MigrationState.PENDING : MigrationState.UNKNOWN;
                problem = installed == null ? null : name + " is a '" + m.getState().getDisplayName()
                        + "' entry, which Drover's migrations never write";
            }
        }
        return new Entry(m.getVersion() == null ? "" : m.getVersion().getVersion(), m.getDescription(), state,
                installed, m.getInstalledBy(), m.getExecutionTime(), problem);
    }

    // MigrationInfo's own getResolvedDescription()/getAppliedDescription() are defaults that return null in
    // Flyway 11 (so isDescriptionMatching() is always true); the implementation exposes both sides
    private static boolean sameDescription(MigrationInfo m) {
        ResolvedMigration r = resolved(m);
        AppliedMigration a = applied(m);
        return r == null || a == null || java.util.Objects.equals(r.getDescription(), a.getDescription());
    }

    private static ResolvedMigration resolved(MigrationInfo m) {
        return m instanceof MigrationInfoImpl i ? i.getResolvedMigration() : null;
    }

    private static AppliedMigration applied(MigrationInfo m) {
        return m instanceof MigrationInfoImpl i ? i.getAppliedMigration() : null;
    }

    private static String name(MigrationInfo m) {
        return (m.getVersion() == null ? "repeatable" : "V" + m.getVersion().getVersion()) + " '"
                + m.getDescription() + "'";
    }
}
