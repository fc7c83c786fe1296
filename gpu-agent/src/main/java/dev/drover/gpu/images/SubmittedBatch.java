package dev.drover.gpu.images;

import java.math.BigDecimal;

/**
 * A batch that was created, paid and enqueued.
 *
 * @param batchId    the {@code gpu.image_batches} id
 * @param queueJobId its {@code generate-images} job id on queue {@code gpu-images}
 * @param debited    what the user paid up front (failed images come back as a refund)
 */
public record SubmittedBatch(long batchId, String queueJobId, BigDecimal debited) {
}
