package dev.drover.gpu.images;

import static dev.drover.db.generated.gpu.Tables.IMAGE_BATCHES;
import static dev.drover.db.generated.gpu.Tables.PHOTOS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;

import dev.drover.db.generated.gpu.enums.ImageBatchStatus;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.db.generated.gpu.tables.records.ImageBatchesRecord;
import dev.drover.gpu.billing.InsufficientCreditsException;
import dev.drover.gpu.billing.Money;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Seed 004's image batches and their money (V5's rule): {@link #create} debits {@code total × credits_per_image} and
 * inserts the batch in one transaction; {@link #settle} recounts the stored photos and, once, refunds the failed
 * images and books the completed ones as the platform's fee. A batch fails only when no image was stored.
 */
public final class ImageBatches {

    private final DSLContext dsl;
    private final InstantSource clock;

    public ImageBatches(DSLContext dsl, InstantSource clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** Creates a pending batch and debits its price; refuses with nothing written when credits are short. */
    public long create(UUID userId, Long modelId, String prompt, String aspectRatio, List<String> referenceUrls,
                       int totalImages, BigDecimal creditsPerImage) {
        BigDecimal price = Money.round(creditsPerImage.multiply(BigDecimal.valueOf(totalImages)));
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            if (tx.update(USERS).set(USERS.CREDITS, USERS.CREDITS.minus(price))
                    .where(USERS.ID.eq(userId).and(USERS.CREDITS.ge(price))).execute() == 0) {
                BigDecimal has = tx.select(USERS.CREDITS).from(USERS).where(USERS.ID.eq(userId)).fetchOne(USERS.CREDITS);
                throw new InsufficientCreditsException("insufficient credits: user " + userId + " has "
                        + (has == null ? "no account" : has.toPlainString()) + ", " + totalImages + " images cost "
                        + price.toPlainString(), has, price);
            }
            long id = tx.insertInto(IMAGE_BATCHES)
                    .set(IMAGE_BATCHES.USER_ID, userId).set(IMAGE_BATCHES.MODEL_ID, modelId)
                    .set(IMAGE_BATCHES.PROMPT, prompt).set(IMAGE_BATCHES.ASPECT_RATIO, aspectRatio)
                    .set(IMAGE_BATCHES.REFERENCE_IMAGE_URLS, referenceUrls.toArray(String[]::new))
                    .set(IMAGE_BATCHES.TOTAL_IMAGES, totalImages).set(IMAGE_BATCHES.CREDITS_PER_IMAGE, Money.round(creditsPerImage))
                    .returning(IMAGE_BATCHES.ID).fetchOne(IMAGE_BATCHES.ID);
            tx.insertInto(TRANSACTIONS).set(TRANSACTIONS.USER_ID, userId).set(TRANSACTIONS.IMAGE_BATCH_ID, id)
                    .set(TRANSACTIONS.TYPE, TransactionType.DEBIT).set(TRANSACTIONS.AMOUNT, price)
                    .set(TRANSACTIONS.DESCRIPTION, totalImages + " images").execute();
            tx.update(IMAGE_BATCHES).set(IMAGE_BATCHES.QUEUE_JOB_ID, queueJobId(id)).where(IMAGE_BATCHES.ID.eq(id)).execute();
            return id;
        });
    }

    /** The batch's {@code generate-images} queue job id, {@code batch-<id>}: adding it twice adds it once. */
    public static String queueJobId(long batchId) {
        return "batch-" + batchId;
    }

    /** Batches still pending {@code olderThan} after creation: maybe never enqueued (the submitter crashed). */
    public List<Long> pendingOlderThan(java.time.Duration olderThan) {
        return dsl.select(IMAGE_BATCHES.ID).from(IMAGE_BATCHES)
                .where(IMAGE_BATCHES.STATUS.eq(ImageBatchStatus.pending)
                        .and(IMAGE_BATCHES.CREATED_AT.lt(clock.instant().minus(olderThan).atOffset(ZoneOffset.UTC))))
                .orderBy(IMAGE_BATCHES.ID).fetch(IMAGE_BATCHES.ID);
    }

    /** How many images of the batch are stored so far (its progress while it runs). */
    public int storedImages(long batchId) {
        return dsl.fetchCount(PHOTOS, PHOTOS.BATCH_ID.eq(batchId));
    }

    /** The batch row; null when there is none. */
    public ImageBatchesRecord get(long batchId) {
        return dsl.selectFrom(IMAGE_BATCHES).where(IMAGE_BATCHES.ID.eq(batchId)).fetchOne();
    }

    /** Moves a pending batch to processing; false when it has already ended (a redelivered queue job). */
    public boolean begin(long batchId) {
        return dsl.update(IMAGE_BATCHES).set(IMAGE_BATCHES.STATUS, ImageBatchStatus.processing).set(IMAGE_BATCHES.UPDATED_AT, now())
                .where(IMAGE_BATCHES.ID.eq(batchId).and(IMAGE_BATCHES.STATUS.in(ImageBatchStatus.pending, ImageBatchStatus.processing)))
                .execute() == 1;
    }

    /** Records one stored image; a second record of the same index is ignored. */
    public void addPhoto(ImageBatchesRecord batch, int index, String storagePath, String mimeType, long size) {
        dsl.insertInto(PHOTOS).set(PHOTOS.BATCH_ID, batch.getId()).set(PHOTOS.USER_ID, batch.getUserId())
                .set(PHOTOS.IMAGE_INDEX, index).set(PHOTOS.STORAGE_PATH, storagePath)
                .set(PHOTOS.MIME_TYPE, mimeType).set(PHOTOS.SIZE_BYTES, size)
                .onConflictDoNothing().execute();
    }

    public boolean hasPhoto(long batchId, int index) {
        return dsl.fetchExists(PHOTOS, PHOTOS.BATCH_ID.eq(batchId).and(PHOTOS.IMAGE_INDEX.eq(index)));
    }

    /** Ends the batch once (row-locked): counters from the photos, refund of the failed images, fee for the rest. */
    public ImageBatchesRecord settle(long batchId, String error) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            ImageBatchesRecord b = tx.selectFrom(IMAGE_BATCHES).where(IMAGE_BATCHES.ID.eq(batchId)).forUpdate().fetchOne();
            if (b.getStatus() == ImageBatchStatus.completed || b.getStatus() == ImageBatchStatus.failed) {
                return b;
            }
            int done = tx.fetchCount(PHOTOS, PHOTOS.BATCH_ID.eq(batchId));
            int failed = b.getTotalImages() - done;
            BigDecimal refund = Money.round(b.getCreditsPerImage().multiply(BigDecimal.valueOf(failed)));
            BigDecimal fee = Money.round(b.getCreditsPerImage().multiply(BigDecimal.valueOf(done)));
            if (leg(tx, b, TransactionType.REFUND, refund)) {
                tx.update(USERS).set(USERS.CREDITS, USERS.CREDITS.plus(refund)).where(USERS.ID.eq(b.getUserId())).execute();
            }
            leg(tx, b, TransactionType.PLATFORM_FEE, fee);
            b.setCompletedImages(done);
            b.setFailedImages(failed);
            b.setStatus(done > 0 ? ImageBatchStatus.completed : ImageBatchStatus.failed);
            b.setError(failed > 0 ? error : null);
            b.setCompletedAt(now());
            b.setUpdatedAt(now());
            b.update();
            return b;
        });
    }

    private static boolean leg(DSLContext tx, ImageBatchesRecord b, TransactionType type, BigDecimal amount) {
        return amount.signum() > 0 && tx.insertInto(TRANSACTIONS).set(TRANSACTIONS.USER_ID, b.getUserId())
                .set(TRANSACTIONS.IMAGE_BATCH_ID, b.getId()).set(TRANSACTIONS.TYPE, type).set(TRANSACTIONS.AMOUNT, amount)
                .onConflictDoNothing().execute() == 1;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
