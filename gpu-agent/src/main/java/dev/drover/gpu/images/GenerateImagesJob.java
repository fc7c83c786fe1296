package dev.drover.gpu.images;

import dev.drover.db.generated.gpu.tables.records.ImageBatchesRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 004's {@code generate-images} job for one batch:
 * <ol>
 *   <li>moves the batch to processing (a batch that already ended is left alone);</li>
 *   <li>downloads the reference images once ({@link ImageFetcher}'s rules); a refused one fails the whole batch at
 *       once, every image refunded, since no retry can change a refusal;</li>
 *   <li>for each image index without a photo: asks Gemini (retrying 429/5xx), stores the first returned image under
 *       {@code STORAGE_DIR/batches/{batch}/{index}.{ext}} and inserts its photo row; a failure only costs that image;</li>
 *   <li>settles: failed images are refunded, and the batch fails only if every image failed.</li>
 * </ol>
 * Safe to run again after a crash: stored indexes are skipped (a photo row per (batch, index)) and settling happens
 * once (the ledger's unique (batch, type) legs).
 */
public final class GenerateImagesJob {

    private static final Logger log = LoggerFactory.getLogger(GenerateImagesJob.class);

    private final ImageBatches batches;
    private final GeminiClient gemini;
    private final ImageFetcher fetcher;
    private final Path storageDir;

    public GenerateImagesJob(ImageBatches batches, GeminiClient gemini, ImageFetcher fetcher, Path storageDir) {
        this.batches = batches;
        this.gemini = gemini;
        this.fetcher = fetcher;
        this.storageDir = storageDir;
    }

    /**
     * Runs the batch to its end and returns its settled row.
     *
     * @throws IOException          a reference image could not be downloaded (a refusal settles instead) or an
     *                              image not stored; nothing is settled, so a retry resumes at the first image
     *                              without a photo
     * @throws InterruptedException the thread was interrupted (hard shutdown); nothing is settled either
     */
    public ImageBatchesRecord run(long batchId) throws IOException, InterruptedException {
        if (!batches.begin(batchId)) {
            return batches.get(batchId);
        }
        ImageBatchesRecord batch = batches.get(batchId);
        List<InlineImage> refs;
        try {
            refs = references(batch);
        } catch (FetchRefusedException e) {
            // no image can be made without its reference, and asking again is refused again: settle (refund) now
            log.warn("batch {}: {}", batchId, e.getMessage());
            return batches.settle(batchId, e.getMessage());
        }
        String lastError = null;
        for (int i = 0; i < batch.getTotalImages(); i++) {
            if (batches.hasPhoto(batchId, i)) {
                continue;
            }
            try {
                store(batch, i, gemini.generate(prompt(batch, i), refs, batch.getAspectRatio()).get(0));
            } catch (GeminiException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // hard shutdown: not this image's fault; the job goes back to wait and the next run resumes here
                    throw new InterruptedException("batch " + batchId + " interrupted at image " + i);
                }
                lastError = "image " + i + ": " + e.getMessage();
                log.warn("batch {}: {}", batchId, lastError);
            }
        }
        return batches.settle(batchId, lastError);
    }

    /** Each image gets its own variation line, so a batch yields different images rather than one image n times. */
    static String prompt(ImageBatchesRecord batch, int index) {
        return batch.getPrompt() + "\n(variation " + (index + 1) + " of " + batch.getTotalImages() + ")";
    }

    private List<InlineImage> references(ImageBatchesRecord batch) throws IOException {
        List<InlineImage> refs = new ArrayList<>();
        String[] urls = batch.getReferenceImageUrls();
        for (int i = 0; i < urls.length; i++) {
            try {
                refs.add(fetcher.fetch(urls[i]));
            } catch (FetchRefusedException e) {
                throw new FetchRefusedException("reference image " + (i + 1) + " refused: " + e.getMessage());
            }
        }
        return refs;
    }

    private void store(ImageBatchesRecord batch, int index, InlineImage image) throws IOException {
        Path dir = storageDir.resolve("batches").resolve(Long.toString(batch.getId()));
        Files.createDirectories(dir);
        Path target = dir.resolve(index + "." + image.extension());
        // write then rename: a crash never leaves a torn image behind a photo row
        Path tmp = Files.createTempFile(dir, "img", ".tmp");
        Files.write(tmp, image.data());
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        batches.addPhoto(batch, index, storageDir.relativize(target).toString(), image.mimeType(), image.data().length);
    }
}
