package dev.drover.sync.store;

import dev.drover.sync.SyncStats;
import java.time.Instant;

/**
 * Where a run stands after its last committed batch, kept on the segment's control row.
 *
 * @param runId     the run it belongs to; only an attempt of the same run resumes it
 * @param page      the next page to fetch
 * @param stats     the run's cumulative stats up to and including the last committed batch
 * @param startedAt when the run's first attempt started reading: the watermark its success will record
 */
public record Checkpoint(String runId, int page, SyncStats stats, Instant startedAt) {

    public static Checkpoint fresh(String runId, Instant startedAt) {
        return new Checkpoint(runId, 0, SyncStats.ZERO, startedAt);
    }

    public Checkpoint next(int nextPage, SyncStats newStats) {
        return new Checkpoint(runId, nextPage, newStats, startedAt);
    }
}
