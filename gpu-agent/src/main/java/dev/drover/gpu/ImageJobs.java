package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.TRAINED_MODELS;

import dev.drover.db.generated.gpu.tables.records.ImageBatchesRecord;
import dev.drover.db.generated.gpu.tables.records.TrainedModelsRecord;
import dev.drover.gpu.billing.Ledger;
import dev.drover.gpu.billing.SubmittedJob;
import dev.drover.gpu.images.BatchRequest;
import dev.drover.gpu.images.BatchView;
import dev.drover.gpu.images.ImageBatches;
import dev.drover.gpu.images.SubmittedBatch;
import dev.drover.gpu.images.SubmittedTraining;
import dev.drover.gpu.images.TrainRequest;
import dev.drover.queue.Backoff;
import dev.drover.queue.JobOptions;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marketplace side of seed 004's two async jobs, as a Java call (the {@code images} and {@code train}
 * subcommands use it):
 * <ul>
 *   <li>{@link #submitBatch}: creates the batch and debits {@code count × price} in one transaction
 *       ({@link ImageBatches#create}), then adds {@code generate-images {batchId}} to queue {@value GpuQueues#IMAGES}
 *       with job id {@code batch-<id>} (idempotent). A crash in between leaves a {@code pending} batch that
 *       {@link #relayPendingBatches} (run by every agent) enqueues later.</li>
 *   <li>{@link #submitTraining}: in one transaction creates the {@code trained_models} row and its GPU job (reserve
 *       debited as for any GPU job), then enqueues {@code train-model {jobId, modelId}} on the job's GPU model queue;
 *       the GPU jobs' relay covers a crash in between.</li>
 * </ul>
 * Neither call needs an agent to be up: the jobs wait, visibly, in their queue.
 */
public final class ImageJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImageJobs.class);
    /** Tries of a {@code generate-images} job; the last one settles the batch whatever happens. */
    public static final int BATCH_ATTEMPTS = 3;
    public static final Backoff DEFAULT_BACKOFF = Backoff.exponential(5_000);

    private final DSLContext dsl;
    private final GpuJobs gpuJobs;
    private final ImageBatches batches;
    private final Queue images;
    private final Backoff backoff;

    /**
     * @param gpuJobs the GPU jobs service training jobs go through (not closed by this one)
     * @param backoff the wait before a failed {@code generate-images} attempt is tried again
     */
    public ImageJobs(DSLContext dsl, GpuJobs gpuJobs, QueueOptions queueOptions, Backoff backoff) {
        this.dsl = dsl;
        this.gpuJobs = gpuJobs;
        this.batches = new ImageBatches(dsl, InstantSource.system());
        this.images = new Queue(GpuQueues.IMAGES, queueOptions.toBuilder().maxConnections(2).build());
        this.backoff = backoff;
    }

    public ImageJobs(DSLContext dsl, GpuJobs gpuJobs, QueueOptions queueOptions) {
        this(dsl, gpuJobs, queueOptions, DEFAULT_BACKOFF);
    }

    /**
     * Creates, pays and enqueues an image batch.
     *
     * @throws dev.drover.gpu.billing.InsufficientCreditsException when credits are short (nothing written)
     */
    public SubmittedBatch submitBatch(BatchRequest r) {
        long id = batches.create(r.userId(), r.modelId(), r.prompt(), r.aspectRatio(), r.referenceImageUrls(),
                r.count(), r.creditsPerImage());
        enqueueBatch(id);
        ImageBatchesRecord b = batches.get(id);
        return new SubmittedBatch(id, b.getQueueJobId(),
                b.getCreditsPerImage().multiply(java.math.BigDecimal.valueOf(b.getTotalImages())));
    }

    /** Adds the batch's {@code generate-images} job; a no-op when it is in the queue already. */
    public void enqueueBatch(long batchId) {
        images.add(GpuQueues.GENERATE_IMAGES, Map.of("batchId", batchId), JobOptions.builder()
                .jobId(ImageBatches.queueJobId(batchId)).attempts(BATCH_ATTEMPTS).backoff(backoff).build());
    }

    /** The relay: enqueues every batch still {@code pending} {@code olderThan} after creation. Returns how many. */
    public int relayPendingBatches(Duration olderThan) {
        int n = 0;
        for (long id : batches.pendingOlderThan(olderThan)) {
            enqueueBatch(id);
            n++;
        }
        if (n > 0) {
            log.debug("relay: made sure {} pending image batches are enqueued", n);
        }
        return n;
    }

    /** The batch's state and progress; empty when no such batch. */
    public Optional<BatchView> batch(long batchId) {
        ImageBatchesRecord b = batches.get(batchId);
        if (b == null) {
            return Optional.empty();
        }
        String queueState = images.getJobState(ImageBatches.queueJobId(batchId)).bullName();
        return Optional.of(new BatchView(b.getId(), b.getStatus().getLiteral(), b.getTotalImages(),
                batches.storedImages(batchId), b.getCompletedImages(), b.getFailedImages(), b.getError(),
                b.getQueueJobId(), queueState, b.getCreatedAt(), b.getCompletedAt()));
    }

    /**
     * Accepts a model for training and enqueues its {@code train-model} job.
     *
     * @throws dev.drover.gpu.billing.InsufficientCreditsException when credits are short (nothing written)
     * @throws dev.drover.gpu.billing.SubmitRefusedException       when the job cannot be priced (nothing written)
     */
    public SubmittedTraining submitTraining(TrainRequest r) {
        SubmittedTraining accepted = dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            long modelId = tx.insertInto(TRAINED_MODELS).set(TRAINED_MODELS.USER_ID, r.training().userId())
                    .set(TRAINED_MODELS.NAME, r.name())
                    .set(TRAINED_MODELS.TRAINING_IMAGE_URLS, r.trainingImageUrls().toArray(String[]::new))
                    .returning(TRAINED_MODELS.ID).fetchOne(TRAINED_MODELS.ID);
            Map<String, Object> params = new HashMap<>(r.training().params());
            params.put("modelId", modelId);
            SubmittedJob job = new Ledger(tx).submit(r.training().withParams(params));
            tx.update(TRAINED_MODELS).set(TRAINED_MODELS.JOB_ID, job.id())
                    .set(TRAINED_MODELS.QUEUE_JOB_ID, job.queueJobId()).where(TRAINED_MODELS.ID.eq(modelId)).execute();
            return new SubmittedTraining(modelId, job);
        });
        gpuJobs.enqueue(accepted.job().id(), r.training().gpuModel());
        return accepted;
    }

    /** The trained model's row; empty when there is none. */
    public Optional<TrainedModelsRecord> model(long modelId) {
        return dsl.selectFrom(TRAINED_MODELS).where(TRAINED_MODELS.ID.eq(modelId)).fetchOptional();
    }

    @Override
    public void close() {
        images.close();
    }
}
