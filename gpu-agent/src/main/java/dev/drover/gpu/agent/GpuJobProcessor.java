package dev.drover.gpu.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.gpu.tables.records.JobsRecord;
import dev.drover.gpu.billing.JobEnd;
import dev.drover.gpu.billing.Ledger;
import dev.drover.gpu.billing.Settlement;
import dev.drover.gpu.nvidia.GpuSampler;
import dev.drover.gpu.process.ProcessResult;
import dev.drover.gpu.process.ProcessRunner;
import dev.drover.gpu.process.ProcessSpec;
import dev.drover.gpu.process.RunningProcess;
import dev.drover.gpu.store.JobLogWriter;
import dev.drover.gpu.store.MetricsRecorder;
import dev.drover.queue.Job;
import dev.drover.queue.Processor;
import dev.drover.queue.UnrecoverableJobException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jooq.DSLContext;

/**
 * Runs one GPU job delivered by the queue:
 * <ol>
 *   <li>claims it ({@link Ledger#start}); a job that ended or was cancelled meanwhile is skipped;</li>
 *   <li>runs its command as a child process on this agent's GPUs, logging to {@code job_logs}, sampling into
 *       {@code job_metrics}, and polling for a cancel request;</li>
 *   <li>settles the bill ({@link Ledger#finish}, idempotent) and ends the queue job: completed, or failed without
 *       retry (the ledger has already settled it).</li>
 * </ol>
 * Interrupted (hard shutdown): the child is stopped and the job, left RUNNING, is taken over by the next agent.
 */
final class GpuJobProcessor implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;
    private final Ledger ledger;
    private final UUID providerId;
    private final List<Integer> gpus;
    private final GpuSampler sampler;
    private final AgentSettings settings;
    private final InstantSource clock;
    private final ProcessRunner runner;

    GpuJobProcessor(DSLContext dsl, Ledger ledger, UUID providerId, List<Integer> gpus, GpuSampler sampler,
                    AgentSettings settings, InstantSource clock) {
        this.dsl = dsl;
        this.ledger = ledger;
        this.providerId = providerId;
        this.gpus = List.copyOf(gpus);
        this.sampler = sampler;
        this.settings = settings;
        this.clock = clock;
        this.runner = new ProcessRunner(clock);
    }

    @Override
    public Object process(Job job) throws Exception {
        UUID id = UUID.fromString(job.data().path("jobId").asText());
        Optional<JobsRecord> row = ledger.start(id, providerId);
        if (row.isEmpty()) {
            return Map.of("skipped", "the job had ended or was cancelled");
        }
        if (row.get().getCommand() == null) {
            Settlement s = ledger.finish(id, JobEnd.failed(null, clock.instant(), "the job has no command to run"));
            throw new UnrecoverableJobException("job " + id + " has no command; " + s.status());
        }
        ProcessResult result = run(id, spec(row.get()));
        JobEnd end = end(result);
        Settlement bill = ledger.finish(id, end);
        if (bill.status() != dev.drover.db.generated.gpu.enums.JobStatus.COMPLETED) {
            throw new UnrecoverableJobException(bill.status() + ": " + end.error());
        }
        return Map.of("status", bill.status().name(), "cost", bill.cost().toPlainString());
    }

    private ProcessResult run(UUID id, ProcessSpec spec) throws InterruptedException, ExecutionException {
        try (JobLogWriter logs = new JobLogWriter(dsl, id);
             MetricsRecorder ignored = MetricsRecorder.start(dsl, sampler, id, spec.gpuIndices(), logs,
                     settings.metricsInterval(), clock)) {
            RunningProcess process = runner.start(spec, logs);
            try {
                return awaitPollingCancel(id, process);
            } catch (InterruptedException e) {
                process.cancel();
                throw e;
            }
        }
    }

    private ProcessResult awaitPollingCancel(UUID id, RunningProcess process)
            throws InterruptedException, ExecutionException {
        while (true) {
            try {
                return process.result().get(settings.cancelPoll().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (ledger.cancelRequested(id)) {
                    process.cancel();
                }
            }
        }
    }

    private ProcessSpec spec(JobsRecord job) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(job.getCommand());
        command.addAll(List.of(job.getArgs()));
        Map<String, String> env = JSON.readValue(job.getEnv().data(), new TypeReference<Map<String, String>>() { });
        int count = Math.min(Math.max(job.getGpuCount(), 1), gpus.size());
        Duration limit = job.getTimeLimitSeconds() == null ? null : Duration.ofSeconds(job.getTimeLimitSeconds());
        return new ProcessSpec(command, env, job.getWorkingDir() == null ? null : Path.of(job.getWorkingDir()),
                gpus.subList(0, count), limit, settings.killGrace());
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
