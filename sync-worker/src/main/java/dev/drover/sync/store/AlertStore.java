package dev.drover.sync.store;

import static dev.drover.db.generated.lead_sync.Tables.SYSTEM_ALERTS;

import dev.drover.db.generated.lead_sync.enums.AlertLevel;
import java.time.Instant;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Inserts rows into {@code lead_sync.system_alerts}. An alert of a type is raised at most once per run: a retried
 * attempt that crosses the same threshold again hits the unique (source, run_id, alert_type) index and is dropped.
 */
public final class AlertStore {

    public static final String SOURCE = "sync-worker";

    /** One alert; {@code detailsJson} is a JSON object. */
    public record Alert(long segmentId, String runId, AlertLevel level, String type, String message, String detailsJson) {
    }

    /** Returns whether the alert was new. */
    public boolean raise(DSLContext tx, Alert a, Instant now) {
        return tx.insertInto(SYSTEM_ALERTS)
                .set(SYSTEM_ALERTS.SOURCE, SOURCE)
                .set(SYSTEM_ALERTS.SEGMENT_ID, a.segmentId())
                .set(SYSTEM_ALERTS.RUN_ID, a.runId())
                .set(SYSTEM_ALERTS.LEVEL, a.level())
                .set(SYSTEM_ALERTS.ALERT_TYPE, a.type())
                .set(SYSTEM_ALERTS.MESSAGE, a.message())
                .set(SYSTEM_ALERTS.DETAILS, JSONB.valueOf(a.detailsJson()))
                .set(SYSTEM_ALERTS.CREATED_AT, SegmentStore.utc(now))
                .onConflictDoNothing()
                .execute() == 1;
    }
}
