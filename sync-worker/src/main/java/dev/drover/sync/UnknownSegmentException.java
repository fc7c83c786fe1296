package dev.drover.sync;

/** The segment has no {@code sync_segments_control} row: add it first ({@code sync-worker segments add ID}). */
public final class UnknownSegmentException extends SyncFailedException {

    public UnknownSegmentException(long segmentId) {
        super("segment " + segmentId + " is not configured for sync; add it with `sync-worker segments add "
                + segmentId + "`", false, null);
    }
}
