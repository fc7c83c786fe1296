package dev.drover.gpu.images;

import static dev.drover.db.generated.gpu.Tables.TRAINED_MODELS;

import dev.drover.db.generated.gpu.enums.TrainedModelStatus;
import dev.drover.db.generated.gpu.tables.records.TrainedModelsRecord;
import dev.drover.gpu.process.LogSink;
import dev.drover.gpu.process.ProcessResult;
import dev.drover.gpu.process.ProcessRunner;
import dev.drover.gpu.process.ProcessSpec;
import dev.drover.gpu.process.RunningProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Seed 004's {@code train-model} job for one {@code trained_models} row:
 * <ol>
 *   <li>downloads its training images into {@code work/images};</li>
 *   <li>runs the training command with {@code TRAINING_IMAGES_DIR} and {@code OUTPUT_DIR} set; the command must
 *       write its artifact as {@code $OUTPUT_DIR/model.bin};</li>
 *   <li>stores the artifact under {@code STORAGE_DIR/models/{id}/model.bin} and marks the model ready, or marks it
 *       failed with the reason.</li>
 * </ol>
 * A model already ready is left alone, so a redelivered job does nothing.
 */
public final class TrainModelJob {

    public static final String ARTIFACT = "model.bin";

    private final DSLContext dsl;
    private final ProcessRunner runner;
    private final ImageFetcher fetcher;
    private final Path storageDir;
    private final InstantSource clock;

    public TrainModelJob(DSLContext dsl, ProcessRunner runner, ImageFetcher fetcher, Path storageDir, InstantSource clock) {
        this.dsl = dsl;
        this.runner = runner;
        this.fetcher = fetcher;
        this.storageDir = storageDir;
        this.clock = clock;
    }

    /** How the caller waits for the training process (e.g. polling for a cancel); must stop it when interrupted. */
    @FunctionalInterface
    public interface Awaiter {
        ProcessResult await(RunningProcess process) throws InterruptedException;
    }

    /** Trains the model with {@code training} (its command, limit and GPUs), logging to {@code log}. */
    public TrainedModelsRecord run(long modelId, ProcessSpec training, Path workDir, LogSink log) throws IOException, InterruptedException {
        return run(modelId, training, workDir, log, TrainModelJob::awaitOrStop);
    }

    /** As {@link #run(long, ProcessSpec, Path, LogSink)}, waiting for the process with {@code awaiter}. */
    public TrainedModelsRecord run(long modelId, ProcessSpec training, Path workDir, LogSink log, Awaiter awaiter)
            throws IOException, InterruptedException {
        TrainedModelsRecord m = dsl.selectFrom(TRAINED_MODELS).where(TRAINED_MODELS.ID.eq(modelId)).fetchOne();
        if (m.getStatus() == TrainedModelStatus.ready) {
            return m;
        }
        Path images = Files.createDirectories(workDir.resolve("images"));
        Path output = Files.createDirectories(workDir.resolve("output"));
        try {
            download(m, images);
        } catch (IOException e) {
            return mark(m, TrainedModelStatus.failed, null, e.getMessage());
        }
        Map<String, String> env = new HashMap<>(training.env());
        env.put("TRAINING_IMAGES_DIR", images.toString());
        env.put("OUTPUT_DIR", output.toString());
        ProcessResult r = awaiter.await(runner.start(training.withEnv(env).withWorkingDir(workDir), log));
        Path artifact = output.resolve(ARTIFACT);
        if (!r.succeeded() || !Files.exists(artifact)) {
            return mark(m, TrainedModelStatus.failed, null, r.succeeded() ? "training wrote no " + ARTIFACT : r.error());
        }
        Path stored = storageDir.resolve("models").resolve(Long.toString(modelId)).resolve(ARTIFACT);
        Files.createDirectories(stored.getParent());
        Files.copy(artifact, stored, StandardCopyOption.REPLACE_EXISTING);
        return mark(m, TrainedModelStatus.ready, storageDir.relativize(stored).toString(), null);
    }

    private static ProcessResult awaitOrStop(RunningProcess process) throws InterruptedException {
        try {
            return process.await();
        } catch (InterruptedException e) {
            process.cancel();
            throw e;
        }
    }

    private void download(TrainedModelsRecord m, Path dir) throws IOException {
        String[] urls = m.getTrainingImageUrls();
        for (int i = 0; i < urls.length; i++) {
            InlineImage img = fetcher.fetch(urls[i]);
            Files.write(dir.resolve(i + "." + img.extension()), img.data());
        }
    }

    private TrainedModelsRecord mark(TrainedModelsRecord m, TrainedModelStatus status, String artifact, String error) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        m.setStatus(status);
        m.setArtifactPath(artifact);
        m.setError(error);
        m.setUpdatedAt(now);
        m.setReadyAt(status == TrainedModelStatus.ready ? now : null);
        m.update();
        return m;
    }
}
