package dev.drover.sync;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_CONTROL;

import dev.drover.db.generated.lead_sync.enums.SegmentStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler tick: claims due segments so that any number of sync-worker processes never claim one twice.
 *
 * <p>One statement locks up to {@code limit} active, due rows with {@code FOR UPDATE SKIP LOCKED} (other claimers skip
 * them instead of waiting), stamps {@code last_execution} and advances {@code next_execution}: in SQL for interval
 * schedules; for cron schedules it first moves them a minute ahead and then, in the same transaction, to the time
 * cron-utils computes, as Postgres cannot evaluate cron. A claimer that reads a row another has just advanced sees it
 * is no longer due, because Postgres re-checks the condition on the locked row version.
 */
public final class SegmentScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentScheduler.class);

    private final DSLContext dsl;
    private final InstantSource clock;

    public SegmentScheduler(DSLContext dsl, InstantSource clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** Claims up to {@code limit} due segments, earliest first. */
    public List<ClaimedSegment> claimDue(int limit) {
        var c = SYNC_SEGMENTS_CONTROL;
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return dsl.transactionResult(tx -> {
            var due = DSL.select(c.SEGMENT_ID).from(c)
                    .where(c.STATUS.eq(SegmentStatus.active).and(c.NEXT_EXECUTION.le(now)))
                    .orderBy(c.NEXT_EXECUTION, c.SEGMENT_ID).limit(limit)
                    .forUpdate().skipLocked();
            Field<OffsetDateTime> byInterval = DSL.field("{0} + make_interval(secs => {1})", OffsetDateTime.class,
                    DSL.val(now), c.INTERVAL_SECONDS);
            var claimed = tx.dsl().update(c)
                    .set(c.LAST_EXECUTION, now)
                    .set(c.NEXT_EXECUTION, DSL.when(c.INTERVAL_SECONDS.isNotNull(), byInterval)
                            .otherwise(DSL.val(now.plusMinutes(1))))
                    .set(c.UPDATED_AT, now)
                    .where(c.SEGMENT_ID.in(due))
                    .returning(c.SEGMENT_ID, c.MODE, c.CRON_EXPRESSION, c.TIMEZONE)
                    .fetch();
            List<ClaimedSegment> result = new ArrayList<>();
            for (var row : claimed) {
                if (row.getCronExpression() == null || advanceCron(tx.dsl(), row.getSegmentId(),
                        row.getCronExpression(), row.getTimezone(), now)) {
                    result.add(new ClaimedSegment(row.getSegmentId(), SyncMode.valueOf(row.getMode().name())));
                }
            }
            return result;
        });
    }

    /**
     * Makes a claimed segment due again now, for a claim whose run could not be enqueued (Redis down): without this
     * the segment would wait a whole interval. A segment paused meanwhile stays as it is.
     */
    public void release(ClaimedSegment claimed) {
        var c = SYNC_SEGMENTS_CONTROL;
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        dsl.update(c).set(c.NEXT_EXECUTION, now).set(c.UPDATED_AT, now)
                .where(c.SEGMENT_ID.eq(claimed.segmentId()).and(c.STATUS.eq(SegmentStatus.active)))
                .execute();
    }

    /**
     * Moves a cron segment to its next time. A broken expression or zone (written by SQL, bypassing validation) puts
     * the segment in status {@code error} rather than failing the whole tick for every other segment.
     */
    private static boolean advanceCron(DSLContext tx, long segmentId, String cron, String zone, OffsetDateTime now) {
        var c = SYNC_SEGMENTS_CONTROL;
        try {
            Instant next = new Schedule.Cron(cron, ZoneId.of(zone)).next(now.toInstant());
            tx.update(c).set(c.NEXT_EXECUTION, next.atOffset(ZoneOffset.UTC)).where(c.SEGMENT_ID.eq(segmentId)).execute();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("segment {}: unusable schedule '{}' in {}: {}; status set to error", segmentId, cron, zone, e.getMessage());
            tx.update(c).set(c.STATUS, SegmentStatus.error)
                    .set(c.LAST_ERROR, "unusable schedule: " + e.getMessage()).where(c.SEGMENT_ID.eq(segmentId)).execute();
            return false;
        }
    }
}
