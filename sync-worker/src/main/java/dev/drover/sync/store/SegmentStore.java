package dev.drover.sync.store;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_CONTROL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.db.generated.lead_sync.enums.SegmentStatus;
import dev.drover.db.generated.lead_sync.tables.records.SyncSegmentsControlRecord;
import dev.drover.sync.SyncStats;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Reads and writes the run state on {@code lead_sync.sync_segments_control}: checkpoints, and the outcome of a run
 * (last success or failure, consecutive failures, the incremental watermark). Every method takes the
 * {@link DSLContext} of the caller's transaction so that a checkpoint commits with its batch.
 */
public final class SegmentStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Optional<SegmentState> find(DSLContext dsl, long segmentId) {
        return dsl.selectFrom(SYNC_SEGMENTS_CONTROL).where(SYNC_SEGMENTS_CONTROL.SEGMENT_ID.eq(segmentId))
                .fetchOptional().map(SegmentStore::toState);
    }

    public void saveCheckpoint(DSLContext tx, long segmentId, Checkpoint cp, Instant now) {
        tx.update(SYNC_SEGMENTS_CONTROL)
                .set(SYNC_SEGMENTS_CONTROL.CHECKPOINT_RUN_ID, cp.runId())
                .set(SYNC_SEGMENTS_CONTROL.CHECKPOINT_PAGE, cp.page())
                .set(SYNC_SEGMENTS_CONTROL.CHECKPOINT_STATS, toJson(cp))
                .set(SYNC_SEGMENTS_CONTROL.CHECKPOINT_AT, utc(now))
                .set(SYNC_SEGMENTS_CONTROL.UPDATED_AT, utc(now))
                .where(SYNC_SEGMENTS_CONTROL.SEGMENT_ID.eq(segmentId))
                .execute();
    }

    /** Records a success: failures reset, watermark moved to the run's start, checkpoint cleared. */
    public void recordSuccess(DSLContext tx, long segmentId, Instant now, Instant watermark) {
        tx.update(SYNC_SEGMENTS_CONTROL)
                .set(SYNC_SEGMENTS_CONTROL.LAST_SUCCESS, utc(now))
                .set(SYNC_SEGMENTS_CONTROL.CONSECUTIVE_FAILURES, 0)
                .setNull(SYNC_SEGMENTS_CONTROL.LAST_ERROR)
                .set(SYNC_SEGMENTS_CONTROL.SUCCESS_WATERMARK, utc(watermark))
                .setNull(SYNC_SEGMENTS_CONTROL.CHECKPOINT_RUN_ID)
                .setNull(SYNC_SEGMENTS_CONTROL.CHECKPOINT_PAGE)
                .setNull(SYNC_SEGMENTS_CONTROL.CHECKPOINT_STATS)
                .setNull(SYNC_SEGMENTS_CONTROL.CHECKPOINT_AT)
                .set(SYNC_SEGMENTS_CONTROL.UPDATED_AT, utc(now))
                .where(SYNC_SEGMENTS_CONTROL.SEGMENT_ID.eq(segmentId))
                .execute();
    }

    /**
     * Records a failed attempt and returns the new consecutive failure count. Past {@code maxConsecutive} the segment's
     * status becomes {@code error}, which takes it out of scheduling until someone resumes it.
     */
    public int recordFailure(DSLContext tx, long segmentId, Instant now, String error, int maxConsecutive) {
        Record2<Integer, SegmentStatus> row = tx.update(SYNC_SEGMENTS_CONTROL)
                .set(SYNC_SEGMENTS_CONTROL.LAST_FAILURE, utc(now))
                .set(SYNC_SEGMENTS_CONTROL.LAST_ERROR, error)
                .set(SYNC_SEGMENTS_CONTROL.CONSECUTIVE_FAILURES, SYNC_SEGMENTS_CONTROL.CONSECUTIVE_FAILURES.plus(1))
                .set(SYNC_SEGMENTS_CONTROL.STATUS, DSL.when(
                        SYNC_SEGMENTS_CONTROL.CONSECUTIVE_FAILURES.plus(1).gt(maxConsecutive),
                        DSL.inline(SegmentStatus.error)).otherwise(SYNC_SEGMENTS_CONTROL.STATUS))
                .set(SYNC_SEGMENTS_CONTROL.UPDATED_AT, utc(now))
                .where(SYNC_SEGMENTS_CONTROL.SEGMENT_ID.eq(segmentId))
                .returningResult(SYNC_SEGMENTS_CONTROL.CONSECUTIVE_FAILURES, SYNC_SEGMENTS_CONTROL.STATUS)
                .fetchOne();
        return row == null ? 0 : row.value1();
    }

    private static SegmentState toState(SyncSegmentsControlRecord r) {
        Optional<Checkpoint> cp = r.getCheckpointRunId() == null ? Optional.empty()
                : Optional.of(fromJson(r.getCheckpointRunId(), r.getCheckpointPage(), r.getCheckpointStats()));
        return new SegmentState(r.getSegmentId(), r.getStatus(), r.getConsecutiveFailures(),
                r.getSuccessWatermark() == null ? null : r.getSuccessWatermark().toInstant(), cp);
    }

    /** Stats plus the run's start, so that a resumed run keeps the watermark of its first attempt. */
    private static JSONB toJson(Checkpoint cp) {
        ObjectNode node = JSON.valueToTree(cp.stats());
        node.put("runStartedAt", cp.startedAt().toString());
        return JSONB.valueOf(node.toString());
    }

    private static Checkpoint fromJson(String runId, int page, JSONB json) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json == null ? "{}" : json.data());
            Instant startedAt = node.hasNonNull("runStartedAt") ? Instant.parse(node.remove("runStartedAt").asText()) : null;
            SyncStats stats = node.isEmpty() ? SyncStats.ZERO : JSON.treeToValue(node, SyncStats.class);
            return new Checkpoint(runId, page, stats, startedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable checkpoint of run " + runId + ": " + json, e);
        }
    }

    static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
