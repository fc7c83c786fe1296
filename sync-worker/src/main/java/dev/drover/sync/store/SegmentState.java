package dev.drover.sync.store;

import dev.drover.db.generated.lead_sync.enums.SegmentStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * The part of a {@code sync_segments_control} row a run needs.
 *
 * @param successWatermark when the last successful run started reading, or {@code null} before the first success
 * @param checkpoint       the resume point of an unfinished run, if any
 */
public record SegmentState(long segmentId, SegmentStatus status, int consecutiveFailures, Instant successWatermark,
                           Optional<Checkpoint> checkpoint) {
}
