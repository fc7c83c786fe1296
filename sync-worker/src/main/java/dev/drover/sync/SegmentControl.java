package dev.drover.sync;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_CONTROL;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;

import dev.drover.db.generated.lead_sync.enums.SegmentStatus;
import dev.drover.db.generated.lead_sync.tables.records.SyncSegmentsControlRecord;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Operator actions on segments, for {@code sync-worker segments list|add|pause|resume|run-now}. The same changes
 * can be made with the seed's SQL; this class adds validation and clear errors. Unknown ids throw
 * {@link UnknownSegmentException}.
 */
public final class SegmentControl {

    private final DSLContext dsl;
    private final InstantSource clock;

    public SegmentControl(DSLContext dsl, InstantSource clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** Adds a segment, due at once; throws {@link IllegalArgumentException} if it exists. */
    public void add(long segmentId, Schedule schedule, SyncMode mode, String name) {
        var c = SYNC_SEGMENTS_CONTROL;
        var insert = dsl.insertInto(c).set(c.SEGMENT_ID, segmentId).set(c.NAME, name)
                .set(c.MODE, dev.drover.db.generated.lead_sync.enums.SyncMode.valueOf(mode.name()))
                .set(c.NEXT_EXECUTION, now());
        switch (schedule) {
            case Schedule.Every e -> insert.set(c.INTERVAL_SECONDS, Math.toIntExact(e.interval().toSeconds()));
            case Schedule.Cron cron -> insert.set(c.INTERVAL_SECONDS, (Integer) null)
                    .set(c.CRON_EXPRESSION, cron.expression()).set(c.TIMEZONE, cron.zone().getId());
        }
        try {
            insert.execute();
        } catch (IntegrityConstraintViolationException e) {
            throw new IllegalArgumentException("segment " + segmentId + " already exists", e);
        }
    }

    /** Stops scheduling a segment; a run in progress finishes. */
    public void pause(long segmentId) {
        setStatus(segmentId, SegmentStatus.paused);
    }

    /** Schedules a paused or failed segment again, with its failure count reset. */
    public void resume(long segmentId) {
        var c = SYNC_SEGMENTS_CONTROL;
        int n = dsl.update(c).set(c.STATUS, SegmentStatus.active).set(c.CONSECUTIVE_FAILURES, 0)
                .set(c.UPDATED_AT, now()).where(c.SEGMENT_ID.eq(segmentId)).execute();
        requireFound(n, segmentId);
    }

    /** The job data for a manual run; the caller enqueues it. Works on paused segments too: the operator asked. */
    public SyncJobData runNow(long segmentId, SyncMode mode) {
        requireFound(dsl.fetchCount(SYNC_SEGMENTS_CONTROL, SYNC_SEGMENTS_CONTROL.SEGMENT_ID.eq(segmentId)), segmentId);
        return new SyncJobData(segmentId, mode, SyncJobData.MANUAL);
    }

    /** Every segment with its latest run, by segment id. */
    public List<SegmentView> list() {
        var l = SYNC_SEGMENTS_LOGS;
        Map<Long, ? extends Record> lastRuns = dsl.selectDistinct(l.SEGMENT_ID, l.EXECUTION_TIME, l.STATUS, l.SUCCESS_RATE)
                .on(l.SEGMENT_ID)
                .from(l).orderBy(l.SEGMENT_ID, l.EXECUTION_TIME.desc(), l.ID.desc())
                .fetchMap(l.SEGMENT_ID);
        return dsl.selectFrom(SYNC_SEGMENTS_CONTROL).orderBy(SYNC_SEGMENTS_CONTROL.SEGMENT_ID).fetch().stream()
                .map(r -> view(r, lastRuns.get(r.getSegmentId()))).collect(Collectors.toList());
    }

    private static SegmentView view(SyncSegmentsControlRecord r, Record last) {
        String schedule = r.getIntervalSeconds() != null ? "every " + r.getIntervalSeconds() + "s"
                : "cron '" + r.getCronExpression() + "' " + r.getTimezone();
        return new SegmentView(r.getSegmentId(), r.getName(), r.getStatus().getLiteral(),
                SyncMode.valueOf(r.getMode().name()), schedule,
                last == null ? null : instant(last.get(SYNC_SEGMENTS_LOGS.EXECUTION_TIME)),
                instant(r.getNextExecution()), instant(r.getLastSuccess()), instant(r.getLastFailure()),
                r.getConsecutiveFailures(), r.getLastError(),
                last == null ? null : last.get(SYNC_SEGMENTS_LOGS.STATUS).getLiteral(),
                last == null ? null : last.get(SYNC_SEGMENTS_LOGS.SUCCESS_RATE));
    }

    private void setStatus(long segmentId, SegmentStatus status) {
        var c = SYNC_SEGMENTS_CONTROL;
        requireFound(dsl.update(c).set(c.STATUS, status).set(c.UPDATED_AT, now())
                .where(c.SEGMENT_ID.eq(segmentId)).execute(), segmentId);
    }

    private static void requireFound(int rows, long segmentId) {
        if (rows == 0) {
            throw new UnknownSegmentException(segmentId);
        }
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
