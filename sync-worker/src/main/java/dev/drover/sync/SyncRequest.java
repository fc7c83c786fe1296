package dev.drover.sync;

import java.util.Objects;

/**
 * One run of one segment, as the {@code sync-segment} job asks for it.
 *
 * @param segmentId the CRM segment
 * @param mode      incremental or full
 * @param runId     identifies the run across its attempts (the queue job id): an attempt with the same run id
 *                  resumes from the checkpoint an earlier attempt left
 */
public record SyncRequest(long segmentId, SyncMode mode, String runId) {

    public SyncRequest {
        Objects.requireNonNull(mode, "mode");
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId is required");
        }
        if (segmentId <= 0) {
            throw new IllegalArgumentException("segmentId must be positive, got " + segmentId);
        }
    }
}
