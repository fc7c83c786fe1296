package dev.drover.sync;

import java.time.Duration;

/**
 * A successful run.
 *
 * @param segmentId   the segment
 * @param stats       cumulative over every attempt of the run
 * @param duration    this attempt's duration
 * @param resumedFrom the page this attempt started from: 0 for a fresh run, more when it resumed a checkpoint
 */
public record SyncResult(long segmentId, SyncStats stats, Duration duration, int resumedFrom) {
}
