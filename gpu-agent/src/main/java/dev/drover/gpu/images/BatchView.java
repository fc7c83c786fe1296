package dev.drover.gpu.images;

import java.time.OffsetDateTime;

/**
 * What {@code gpu-agent images status ID} shows: the batch's state and progress.
 *
 * @param stored     images stored so far (grows while the batch runs)
 * @param completed  images counted completed when it settled (0 before)
 * @param failed     images counted failed (and refunded) when it settled (0 before)
 * @param queueState its queue job's state ({@code waiting}, {@code active}, {@code completed}, ..., {@code unknown})
 */
public record BatchView(long id, String status, int total, int stored, int completed, int failed, String error,
                        String queueJobId, String queueState, OffsetDateTime createdAt, OffsetDateTime completedAt) {
}
