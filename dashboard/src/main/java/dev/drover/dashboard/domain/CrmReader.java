package dev.drover.dashboard.domain;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_CONTROL;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;
import static dev.drover.db.generated.lead_sync.Tables.SYSTEM_ALERTS;

import dev.drover.db.generated.lead_sync.enums.SyncLogStatus;
import dev.drover.db.generated.lead_sync.tables.records.SyncSegmentsControlRecord;
import dev.drover.db.generated.lead_sync.tables.records.SyncSegmentsLogsRecord;
import dev.drover.db.generated.lead_sync.tables.records.SystemAlertsRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** CRM segments ({@code lead_sync} schema): schedule, recent runs, success rate, failures, open alerts. */
public final class CrmReader {

    /** Runs shown per segment and counted in its success rate. */
    public static final int RUNS = 10;

    private final DSLContext dsl;

    public CrmReader(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One segment with its newest runs and unacknowledged alerts.
     *
     * @param runs   newest first, at most {@value #RUNS}
     * @param alerts unacknowledged, newest first
     */
    public record Segment(SyncSegmentsControlRecord control, List<SyncSegmentsLogsRecord> runs,
                          List<SystemAlertsRecord> alerts) {

        /** "every 1h" or "cron 0 6 * * * (America/Sao_Paulo)". */
        public String schedule() {
            Integer s = control.getIntervalSeconds();
            if (s == null) {
                return "cron " + control.getCronExpression() + " (" + control.getTimezone() + ")";
            }
            return "every " + dev.drover.dashboard.view.Fmt.age(java.time.Duration.ofSeconds(s));
        }

        /** Successful runs among the newest {@value #RUNS}, in whole percent; -1 with no runs. */
        public int successRate() {
            return runs.isEmpty() ? -1 : (int) (runs.stream().filter(r -> r.getStatus() == SyncLogStatus.success)
                    .count() * 100 / runs.size());
        }
    }

    public List<Segment> segments() {
        return dsl.selectFrom(SYNC_SEGMENTS_CONTROL).orderBy(SYNC_SEGMENTS_CONTROL.SEGMENT_ID).fetch().stream()
                .map(c -> new Segment(c, runs(c.getSegmentId()), alerts(c.getSegmentId()))).toList();
    }

    private List<SyncSegmentsLogsRecord> runs(long segmentId) {
        return dsl.selectFrom(SYNC_SEGMENTS_LOGS).where(SYNC_SEGMENTS_LOGS.SEGMENT_ID.eq(segmentId))
                .orderBy(SYNC_SEGMENTS_LOGS.EXECUTION_TIME.desc(), SYNC_SEGMENTS_LOGS.ID.desc()).limit(RUNS).fetch();
    }

    private List<SystemAlertsRecord> alerts(long segmentId) {
        return dsl.selectFrom(SYSTEM_ALERTS).where(SYSTEM_ALERTS.SEGMENT_ID.eq(segmentId)
                .and(SYSTEM_ALERTS.ACKNOWLEDGED_AT.isNull())).orderBy(SYSTEM_ALERTS.CREATED_AT.desc()).fetch();
    }

    /** The segment whose run a {@code lead-sync} queue job was (the job id is the run id). */
    public Optional<Long> segmentOfRun(String runId) {
        Long id = dsl.select(SYNC_SEGMENTS_LOGS.SEGMENT_ID).from(SYNC_SEGMENTS_LOGS)
                .where(SYNC_SEGMENTS_LOGS.RUN_ID.eq(runId)).limit(1).fetchOne(SYNC_SEGMENTS_LOGS.SEGMENT_ID);
        if (id == null) {
            id = dsl.select(SYNC_SEGMENTS_CONTROL.SEGMENT_ID).from(SYNC_SEGMENTS_CONTROL)
                    .where(SYNC_SEGMENTS_CONTROL.CHECKPOINT_RUN_ID.eq(runId)).fetchOne(SYNC_SEGMENTS_CONTROL.SEGMENT_ID);
        }
        return Optional.ofNullable(id);
    }
}
