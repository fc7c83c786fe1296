package dev.drover.gpu.images;

import static dev.drover.db.generated.gpu.Tables.TRAINED_MODELS;

import dev.drover.db.generated.gpu.enums.TrainedModelStatus;
import dev.drover.db.generated.gpu.tables.records.TrainedModelsRecord;
import dev.drover.gpu.process.JobDirs;
import dev.drover.gpu.process.LogSink;
import dev.drover.gpu.process.ProcessResult;
import dev.drover.gpu.process.ProcessRunner;
import dev.drover.gpu.process.ProcessSpec;
import dev.drover.gpu.process.RunningProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Seed 004's {@code train-model} job for one {@code trained_models} row:
 * <ol>
 *   <li>downloads its training images ({@link ImageFetcher}'s rules) into {@code images} in the job's own
 *       directory; a refused or failed download marks the model failed with the reason;</li>
 *   <li>hands the directory to the job's user and runs the training command with {@code TRAINING_IMAGES_DIR} and
 *       {@code OUTPUT_DIR} set; the command must write its artifact as {@code $OUTPUT_DIR/model.bin};</li>
 *   <li>copies the artifact, if it is a regular file (never through a link the job left), to
 *       {@code STORAGE_DIR/models/{id}/model.bin} and marks the model ready, or marks it failed with the reason.</li>
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
    private final JobDirs dirs;

    /** {@code dirs} hands each work dir to the job's user; null when jobs run as the agent's own user. */
    public TrainModelJob(DSLContext dsl, ProcessRunner runner, ImageFetcher fetcher, Path storageDir, InstantSource clock,
                         JobDirs dirs) {
        this.dsl = dsl;
        this.runner = runner;
        this.fetcher = fetcher;
        this.storageDir = storageDir;
        this.clock = clock;
        this.dirs = dirs;
    }

    /** How the caller waits for the training process (e.g. polling for a cancel); must stop it when interrupted. */
    @FunctionalInterface
    public interface Awaiter {
        ProcessResult await(RunningProcess process) throws InterruptedException;
    }

    /**
     * Trains the model with {@code training} (its command, env, limit and GPUs) in {@code workDir}, a fresh directory
     * of the job's own ({@link JobDirs#create}), logging to {@code log}.
     */
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
        if (dirs != null) {
            dirs.handOver(workDir);
        }
        ProcessResult r = awaiter.await(runner.start(training.withEnv(env).withWorkingDir(workDir), log));
        if (!r.succeeded()) {
            return mark(m, TrainedModelStatus.failed, null, r.error());
        }
        Path stored = storageDir.resolve("models").resolve(Long.toString(modelId)).resolve(ARTIFACT);
        if (!JobDirs.copyOut(workDir, output.getFileName().toString(), ARTIFACT, stored)) {
            return mark(m, TrainedModelStatus.failed, null, "training wrote no " + ARTIFACT + " (a regular file)");
        }
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
            InlineImage img;
            try {
                img = fetcher.fetch(urls[i]);
            } catch (FetchRefusedException e) {
                throw new FetchRefusedException("training image " + (i + 1) + " refused: " + e.getMessage());
            }
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
