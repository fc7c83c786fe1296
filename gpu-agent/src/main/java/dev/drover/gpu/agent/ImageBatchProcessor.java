package dev.drover.gpu.agent;

import dev.drover.db.generated.gpu.enums.ImageBatchStatus;
import dev.drover.db.generated.gpu.tables.records.ImageBatchesRecord;
import dev.drover.gpu.images.GenerateImagesJob;
import dev.drover.gpu.images.ImageBatches;
import dev.drover.queue.Job;
import dev.drover.queue.Processor;
import dev.drover.queue.UnrecoverableJobException;
import java.util.Map;

/**
 * Runs a {@code generate-images {batchId}} job with {@link GenerateImagesJob}:
 * <ul>
 *   <li>a batch that settled {@code completed} completes the queue job (its failed images were refunded);</li>
 *   <li>one that settled {@code failed} (every image failed, all refunded) fails the queue job without retry;</li>
 *   <li>an error before settling (a reference image not downloadable, storage full) fails the attempt, and the retry
 *       resumes at the first image without a photo; the last attempt settles the batch first, so the images not
 *       stored are refunded and the batch never stays {@code processing}.</li>
 * </ul>
 * Interrupted (hard shutdown): nothing is settled and the job goes back to wait.
 */
final class ImageBatchProcessor implements Processor {

    private final ImageBatches batches;
    private final GenerateImagesJob generate;

    ImageBatchProcessor(ImageBatches batches, GenerateImagesJob generate) {
        this.batches = batches;
        this.generate = generate;
    }

    @Override
    public Object process(Job job) throws Exception {
        long batchId = batchId(job);
        ImageBatchesRecord b;
        try {
            b = generate.run(batchId);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (job.attemptsMade() + 1 < job.opts().maxAttempts()) {
                throw e;
            }
            b = batches.settle(batchId, "gave up after " + (job.attemptsMade() + 1) + " attempts: " + e.getMessage());
        }
        if (b.getStatus() != ImageBatchStatus.completed) {
            throw new UnrecoverableJobException("batch " + batchId + " " + b.getStatus().getLiteral() + ": " + b.getError());
        }
        return Map.of("status", b.getStatus().getLiteral(), "completed", b.getCompletedImages(),
                "failed", b.getFailedImages());
    }

    private long batchId(Job job) {
        if (!job.data().path("batchId").canConvertToLong()) {
            throw new UnrecoverableJobException("generate-images needs {\"batchId\": <id>}, got " + job.rawData());
        }
        long id = job.data().path("batchId").asLong();
        if (batches.get(id) == null) {
            throw new UnrecoverableJobException("no image batch " + id);
        }
        return id;
    }
}
