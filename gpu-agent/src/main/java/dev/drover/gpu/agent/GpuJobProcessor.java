package dev.drover.gpu.agent;

import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.TRAINED_MODELS;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.TrainedModelStatus;
import dev.drover.db.generated.gpu.tables.records.JobsRecord;
import dev.drover.db.generated.gpu.tables.records.TrainedModelsRecord;
import dev.drover.gpu.GpuQueues;
import dev.drover.gpu.billing.JobEnd;
import dev.drover.gpu.billing.Ledger;
import dev.drover.gpu.billing.Settlement;
import dev.drover.gpu.images.ImageFetcher;
import dev.drover.gpu.images.TrainModelJob;
import dev.drover.gpu.nvidia.GpuSampler;
import dev.drover.gpu.process.JobDirs;
import dev.drover.gpu.process.JobEnvironment;
import dev.drover.gpu.process.LogLevel;
import dev.drover.gpu.process.LogLine;
import dev.drover.gpu.process.ProcessResult;
import dev.drover.gpu.process.ProcessRunner;
import dev.drover.gpu.process.ProcessSpec;
import dev.drover.gpu.process.RunningProcess;
import dev.drover.gpu.store.JobLogWriter;
import dev.drover.gpu.store.MetricsRecorder;
import dev.drover.gpu.provider.ProviderRegistry;
import dev.drover.queue.Job;
import dev.drover.queue.JobOutcome;
import dev.drover.queue.Processor;
import dev.drover.queue.UnrecoverableJobException;
import dev.drover.queue.postgres.JobAttempt;
import dev.drover.queue.postgres.JobEffects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * Runs one GPU job delivered by the queue ({@code gpu-job}, or seed 004's {@code train-model}, which trains a
 * {@code trained_models} row with the job's command):
 * <ol>
 *   <li>leases the GPUs it asks for from the {@link GpuAllocator}; when too few are free it gives the job back to
 *       the queue, delayed by {@link FetchGate#RETRY}, without claiming it or counting an attempt; a job asking for
 *       more GPUs than any provider of its model has fails at once (refunded in full);</li>
 *   <li>registers the attempt on {@link JobEffects} (the job's fence): a job whose settlement committed before (its
 *       agent died before acknowledging it) ends at once with the stored result, running nothing; an attempt of a
 *       job that another agent took over since cannot settle;</li>
 *   <li>claims it ({@link Ledger#start}); a job that ended or was cancelled meanwhile is skipped;</li>
 *   <li>runs its command as a child process on the leased GPUs, logging to {@code job_logs}, sampling into
 *       {@code job_metrics}, and polling for a cancel request; the process runs in a fresh directory of its own
 *       ({@link JobDirs}, removed afterwards however the job ended), with the allowlisted environment of
 *       {@link JobIsolation} and as its {@code RUN_AS} user;</li>
 *   <li>settles the bill ({@link Ledger#finish}) in the attempt's transaction, which stores the bill as the job's
 *       result and commits only while this attempt is the job's current one (a stale attempt rolls back with
 *       {@link dev.drover.queue.postgres.StaleAttemptException}); then ends the queue job: completed, or failed
 *       without retry (the ledger has already settled it).</li>
 * </ol>
 * Interrupted (hard shutdown): the child is stopped and the job, left RUNNING, is taken over by the next agent. The
 * GPU lease is given back however the run ends.
 */
final class GpuJobProcessor implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;
    private final JobEffects effects;
    private final Ledger ledger;
    private final UUID providerId;
    private final GpuAllocator gpus;
    private final FetchGate gate;
    private final ProviderRegistry providers;
    private final GpuSampler sampler;
    private final AgentSettings settings;
    private final InstantSource clock;
    private final ProcessRunner runner;
    private final TrainModelJob trainer;
    private final JobDirs dirs;
    private final JobEnvironment environment;

    GpuJobProcessor(DSLContext dsl, JobEffects effects, Ledger ledger, UUID providerId, GpuAllocator gpus, FetchGate gate,
                    GpuSampler sampler, AgentSettings settings, ImageSettings images, JobIsolation isolation,
                    JobDirs dirs, InstantSource clock) {
        this.dsl = dsl;
        this.effects = effects;
        this.ledger = ledger;
        this.providerId = providerId;
        this.gpus = gpus;
        this.gate = gate;
        this.providers = new ProviderRegistry(dsl, clock);
        this.sampler = sampler;
        this.settings = settings;
        this.clock = clock;
        this.runner = new ProcessRunner(clock, isolation.runAs());
        this.dirs = dirs;
        this.environment = isolation.environment();
        this.trainer = new TrainModelJob(dsl, runner, new ImageFetcher(images.fetch()), images.storageDir(), clock,
                dirs);
    }

    @Override
    public Object process(Job job) throws Exception {
        UUID id = UUID.fromString(job.data().path("jobId").asText());
        Record2<Integer, String> need = dsl.select(JOBS.GPU_COUNT, JOBS.GPU_MODEL).from(JOBS).where(JOBS.ID.eq(id))
                .fetchOne();
        if (need == null) {
            return Map.of("skipped", "no job " + id);
        }
        int count = need.value1();
        if (count > gpus.total() && providers.mostGpus(need.value2()) < count) {
            String reason = "the job needs " + count + " GPUs of " + need.value2() + "; no provider has that many"
                    + " (this one has " + gpus.total() + ")";
            throw new UnrecoverableJobException(reason + "; " + ledger.failBeforeStart(id, reason).status());
        }
        Optional<GpuAllocator.Lease> lease = count > gpus.total() ? Optional.empty() : gpus.tryAcquire(count);
        if (lease.isEmpty()) {
            // not an attempt: back to the queue for this agent once GPUs free up, or for another agent
            gate.gaveBack();
            return JobOutcome.delayUntil(clock.instant().plus(FetchGate.RETRY));
        }
        try (GpuAllocator.Lease held = lease.get()) {
            return run(job, id, held.gpus());
        }
    }

    private Object run(Job job, UUID id, List<Integer> leased) throws Exception {
        JobAttempt attempt = effects.begin(job);
        if (attempt.replayed()) {
            return ended(attempt.storedResult());
        }
        Optional<JobsRecord> row = ledger.start(id, providerId);
        if (row.isEmpty()) {
            return attempt.complete(tx -> Map.of("skipped", "the job had ended or was cancelled"));
        }
        JobEnd end = row.get().getCommand() == null
                ? JobEnd.failed(null, clock.instant(), "the job has no command to run")
                : runInOwnDir(id, job, row.get(), leased);
        return ended(attempt.complete(tx -> result(ledger.finish(tx.dsl(), id, end), end)));
    }

    /** The queue job's result, stored with the settlement: the bill, and why a job that did not complete ended. */
    private static Map<String, String> result(Settlement bill, JobEnd end) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("status", bill.status().name());
        r.put("cost", bill.cost().toPlainString());
        if (bill.status() != JobStatus.COMPLETED) {
            r.put("error", String.valueOf(end.error()));
        }
        return r;
    }

    /** Completes the queue job with the bill of a completed GPU job; one that ended otherwise fails without retry. */
    private static JsonNode ended(JsonNode result) {
        String status = result.path("status").asText(JobStatus.COMPLETED.name());
        if (!status.equals(JobStatus.COMPLETED.name())) {
            throw new UnrecoverableJobException(status + ": " + result.path("error").asText());
        }
        return result;
    }

    /** Runs the job in a fresh directory of its own, removed afterwards however the job ended. */
    private JobEnd runInOwnDir(UUID id, Job job, JobsRecord row, List<Integer> leased) throws IOException, InterruptedException {
        Path dir = dirs.create(id);
        try {
            Path cwd = declaredDir(dir, row.getWorkingDir());
            if (cwd == null) {
                return JobEnd.failed(null, clock.instant(), "working dir " + row.getWorkingDir()
                        + " refused: it must be a relative path inside the job's own directory");
            }
            Map<String, String> declared = JSON.readValue(row.getEnv().data(), new TypeReference<>() { });
            ProcessSpec spec = spec(row, leased, declared, dir, cwd);
            Set<String> overridden = JobEnvironment.ignored(declared);
            if (GpuQueues.TRAIN_MODEL.equals(job.name())) {
                return train(id, job.data().path("modelId").asLong(), spec, dir, overridden);
            }
            dirs.handOver(dir);
            return end(run(id, spec, overridden));
        } finally {
            JobDirs.delete(dir);
        }
    }

    /** The job's own dir, or the relative subdirectory of it the job declared (created); null for any other path. */
    private static Path declaredDir(Path dir, String declared) throws IOException {
        if (declared == null || declared.isBlank()) {
            return dir;
        }
        Path sub = Path.of(declared).normalize();
        if (sub.isAbsolute() || sub.startsWith("..")) {
            return null;
        }
        return Files.createDirectories(dir.resolve(sub));
    }

    private ProcessResult run(UUID id, ProcessSpec spec, Set<String> overridden) throws InterruptedException {
        try (JobLogWriter logs = new JobLogWriter(dsl, id);
             MetricsRecorder ignored = MetricsRecorder.start(dsl, sampler, id, providerId, spec.gpuIndices(), logs,
                     settings.metricsInterval(), clock)) {
            noteOverridden(logs, overridden);
            return awaitPollingCancel(id, runner.start(spec, logs));
        }
    }

    /**
     * Seed 004's train-model: {@link TrainModelJob} downloads the images, runs the job's command on this agent's GPUs
     * (logs, metrics and cancel as for any GPU job) in the job's own directory, and marks the model ready with its
     * artifact or failed. The GPU job completes only when the model is ready.
     */
    private JobEnd train(UUID id, long modelId, ProcessSpec spec, Path work, Set<String> overridden)
            throws IOException, InterruptedException {
        if (!dsl.fetchExists(TRAINED_MODELS, TRAINED_MODELS.ID.eq(modelId))) {
            return JobEnd.failed(null, clock.instant(), "train-model: no trained model " + modelId);
        }
        TrainedModelsRecord model;
        try (JobLogWriter logs = new JobLogWriter(dsl, id);
             MetricsRecorder ignored = MetricsRecorder.start(dsl, sampler, id, providerId, spec.gpuIndices(), logs,
                     settings.metricsInterval(), clock)) {
            noteOverridden(logs, overridden);
            model = trainer.run(modelId, spec, work, logs, p -> awaitPollingCancel(id, p));
        }
        if (model.getStatus() == TrainedModelStatus.ready) {
            return JobEnd.completed(clock.instant());
        }
        return ledger.cancelRequested(id) ? JobEnd.cancelled(null, clock.instant(), "cancelled by request")
                : JobEnd.failed(null, clock.instant(), model.getError());
    }

    /** Waits for the process, stopping it on a cancel request or when interrupted (hard shutdown). */
    private ProcessResult awaitPollingCancel(UUID id, RunningProcess process) throws InterruptedException {
        try {
            while (true) {
                try {
                    return process.result().get(settings.cancelPoll().toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    if (ledger.cancelRequested(id)) {
                        process.cancel();
                    }
                }
            }
        } catch (InterruptedException e) {
            process.cancel();
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("job watcher failed", e.getCause());
        }
    }

    /** The job's command on the leased GPUs with its allowlisted environment ({@link JobEnvironment}), in {@code cwd}. */
    private ProcessSpec spec(JobsRecord job, List<Integer> leased, Map<String, String> declared, Path dir, Path cwd) {
        List<String> command = new java.util.ArrayList<>();
        command.add(job.getCommand());
        command.addAll(List.of(job.getArgs()));
        Map<String, String> env = environment.forJob(declared, Map.of("HOME", dir.toString(),
                "TMPDIR", dir.resolve("tmp").toString()));
        Duration limit = job.getTimeLimitSeconds() == null ? null : Duration.ofSeconds(job.getTimeLimitSeconds());
        return new ProcessSpec(command, env, cwd, leased, limit, settings.killGrace());
    }

    /** Tells the job's log which of its declared variables the agent set instead. */
    private void noteOverridden(JobLogWriter logs, Set<String> overridden) {
        if (!overridden.isEmpty()) {
            logs.accept(new LogLine(clock.instant(), LogLevel.WARNING, "ignored the job's own " + String.join(", ",
                    overridden) + ": set by the agent for every job"));
        }
    }

    private JobEnd end(ProcessResult r) {
        var now = clock.instant();
        return switch (r.outcome()) {
            case EXITED -> r.succeeded() ? JobEnd.completed(now) : JobEnd.failed(r.exitCode(), now, r.error());
            case TIMED_OUT, FAILED_TO_START -> JobEnd.failed(r.exitCode(), now, r.error());
            case CANCELLED -> JobEnd.cancelled(r.exitCode(), now, "cancelled by request");
        };
    }
}
