package dev.drover.sync;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One segment as {@code sync-worker segments list} shows it.
 *
 * <p>The three last-run fields come from one row, the latest of {@code sync_segments_logs} (scheduled and manual runs
 * alike), so the time, result and rate shown together always belong to the same run attempt.
 *
 * @param schedule           {@code every 86400s} or {@code cron '0 6 * * *' UTC}
 * @param lastRunAt          when the latest run attempt ended, null before the first run
 * @param lastRunStatus      {@code success} or {@code error} of that attempt, null before the first run
 * @param lastRunSuccessRate its success rate (a failed attempt's is {@code SyncStats.failedRunRate}), null before
 */
public record SegmentView(long segmentId, String name, String status, SyncMode mode, String schedule,
                          Instant lastRunAt, Instant nextExecution, Instant lastSuccess, Instant lastFailure,
                          int consecutiveFailures, String lastError, String lastRunStatus,
                          BigDecimal lastRunSuccessRate) {
}
