package dev.drover.sync;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One segment as {@code sync-worker segments list} shows it.
 *
 * @param schedule           {@code every 86400s} or {@code cron '0 6 * * *' UTC}
 * @param lastRunStatus      {@code success} or {@code error} of the latest log row, null before the first run
 * @param lastRunSuccessRate success rate of the latest log row, null before the first run
 */
public record SegmentView(long segmentId, String name, String status, SyncMode mode, String schedule,
                          Instant lastExecution, Instant nextExecution, Instant lastSuccess, Instant lastFailure,
                          int consecutiveFailures, String lastError, String lastRunStatus,
                          BigDecimal lastRunSuccessRate) {
}
