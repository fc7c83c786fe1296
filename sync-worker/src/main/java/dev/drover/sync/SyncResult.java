package dev.drover.sync;

import java.time.Duration;

/**
 * A successful run.
 *
 * @param segmentId   the segment
 * @param stats       cumulative over every attempt of the run
 * @param duration    the whole run's, from its first attempt's start to its end
 * @param resumedFrom the page this attempt started from: 0 for a fresh run, more when it resumed a checkpoint
 * @param replayed    whether the run had already finished before this attempt (a redelivered job): the result is the
 *                    one it recorded then, and this attempt did nothing
 */
public record SyncResult(long segmentId, SyncStats stats, Duration duration, int resumedFrom, boolean replayed) {
}
