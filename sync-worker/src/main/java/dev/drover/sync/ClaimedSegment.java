package dev.drover.sync;

/** A segment the scheduler claimed for a run: enqueue one {@code sync-segment} job for it. */
public record ClaimedSegment(long segmentId, SyncMode mode) {
}
