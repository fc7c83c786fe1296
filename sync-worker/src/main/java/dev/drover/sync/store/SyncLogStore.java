package dev.drover.sync.store;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.lead_sync.enums.SyncLogStatus;
import dev.drover.sync.SyncMode;
import dev.drover.sync.SyncStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Appends one {@code lead_sync.sync_segments_logs} row per run attempt, successful or not. A row's
 * {@code success_rate} is the run's lead success rate when it succeeded; for a failed attempt it is
 * {@link SyncStats#failedRunRate()}, so a run that failed never reads as 100 %. Whether a run finished is not read
 * here: {@code drover.processed_jobs} holds that ({@link dev.drover.sync.SegmentSync}).
 */
public final class SyncLogStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One attempt's outcome; {@code message} is null on success. */
    public record Entry(long segmentId, String runId, SyncMode mode, boolean success, String message, SyncStats stats,
                        Duration duration, Instant executionTime) {
    }

    public void append(DSLContext tx, Entry e) {
        tx.insertInto(SYNC_SEGMENTS_LOGS)
                .set(SYNC_SEGMENTS_LOGS.SEGMENT_ID, e.segmentId())
                .set(SYNC_SEGMENTS_LOGS.RUN_ID, e.runId())
                .set(SYNC_SEGMENTS_LOGS.EXECUTION_TIME, SegmentStore.utc(e.executionTime()))
                .set(SYNC_SEGMENTS_LOGS.STATUS, e.success() ? SyncLogStatus.success : SyncLogStatus.error)
                .set(SYNC_SEGMENTS_LOGS.MODE, dev.drover.db.generated.lead_sync.enums.SyncMode.valueOf(e.mode().name()))
                .set(SYNC_SEGMENTS_LOGS.MESSAGE, e.message())
                .set(SYNC_SEGMENTS_LOGS.STATS, JSONB.valueOf(JSON.valueToTree(e.stats()).toString()))
                .set(SYNC_SEGMENTS_LOGS.DURATION_SECONDS,
                        BigDecimal.valueOf(e.duration().toMillis()).movePointLeft(3).setScale(3, RoundingMode.HALF_UP))
                .set(SYNC_SEGMENTS_LOGS.SUCCESS_RATE, e.success() ? e.stats().successRate() : e.stats().failedRunRate())
                .execute();
    }
}
