package dev.drover.gpu.agent;

import dev.drover.daemon.Daemon;
import dev.drover.daemon.StartupException;
import dev.drover.db.generated.gpu.enums.ProviderStatus;
import dev.drover.gpu.GpuJobs;
import dev.drover.gpu.GpuQueues;
import dev.drover.gpu.ImageJobs;
import dev.drover.gpu.images.GeminiClient;
import dev.drover.gpu.images.GenerateImagesJob;
import dev.drover.gpu.images.ImageBatches;
import dev.drover.gpu.images.ImageFetcher;
import dev.drover.gpu.billing.Ledger;
import dev.drover.gpu.nvidia.GpuInfo;
import dev.drover.gpu.nvidia.GpuProbe;
import dev.drover.gpu.nvidia.GpuSampler;
import dev.drover.gpu.nvidia.NvidiaSmi;
import dev.drover.gpu.process.JobDirs;
import dev.drover.gpu.provider.ProviderRegistry;
import dev.drover.queue.Processor;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.queue.postgres.EffectsObserver;
import dev.drover.queue.postgres.JobEffects;
import dev.drover.queue.postgres.OutboxRelay;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent on a running {@link Daemon}:
 * <ol>
 *   <li>probes the GPUs; with none it says so in one line and consumes no queue (it still heartbeats, reaps and
 *       relays, which need no GPU);</li>
 *   <li>registers its provider row and heartbeats it;</li>
 *   <li>consumes {@code gpu-jobs.<its model>} ({@code gpu-job} and {@code train-model}) with a
 *       {@link GpuJobProcessor}, each job isolated as {@link JobIsolation} says (leftover job directories of an earlier
 *       run are removed first; without {@code RUN_AS} it warns once that jobs share its user);</li>
 *   <li>with a Gemini key, GPU or not, consumes {@value GpuQueues#IMAGES} ({@code generate-images}) with an
 *       {@link ImageBatchProcessor};</li>
 *   <li>every heartbeat also runs the {@link Reaper}, the PENDING relay ({@link GpuJobs#relayPending}) and the
 *       pending-batch relay ({@link ImageJobs#relayPendingBatches});</li>
 *   <li>runs an {@link OutboxRelay}, whose retention prunes the {@code drover.processed_jobs} rows of settled jobs.</li>
 * </ol>
 * Stopping the daemon closes the worker (two phases), then the duties, then marks the provider OFFLINE.
 */
public final class GpuAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GpuAgent.class);

    private final UUID providerId;
    private final ProviderRegistry registry;
    private final GpuJobs jobs;
    private final ScheduledExecutorService duties;
    private final Worker worker;
    private final ImageJobs imageJobs;
    private final Worker imageWorker;

    private GpuAgent(UUID providerId, ProviderRegistry registry, GpuJobs jobs, ImageJobs imageJobs,
                     ScheduledExecutorService duties, Worker worker, Worker imageWorker) {
        this.providerId = providerId;
        this.registry = registry;
        this.jobs = jobs;
        this.imageJobs = imageJobs;
        this.duties = duties;
        this.worker = worker;
        this.imageWorker = imageWorker;
    }

    /** Starts the agent without Gemini (no image batches), storing under {@code ./storage}. */
    public static GpuAgent start(Daemon daemon, AgentSettings settings) {
        return start(daemon, settings, ImageSettings.withoutGemini(Path.of("storage")));
    }

    /**
     * As {@link #start(Daemon, AgentSettings, ImageSettings, JobIsolation)} with jobs as the agent's own user, their
     * directories under {@code <storage dir>/jobs} (embedding and tests; {@code gpu-agent run} uses {@code JOBS_DIR}).
     */
    public static GpuAgent start(Daemon daemon, AgentSettings settings, ImageSettings images) {
        return start(daemon, settings, images, JobIsolation.sameUser(images.storageDir().resolve("jobs")));
    }

    /** Starts the agent; the daemon's shutdown stops it. {@code isolation} must have passed its check. */
    public static GpuAgent start(Daemon daemon, AgentSettings settings, ImageSettings images, JobIsolation isolation) {
        return start(daemon, settings, images, isolation, EffectsObserver.NONE);
    }

    /** As {@link #start(Daemon, AgentSettings, ImageSettings, JobIsolation)}; {@code effects} sees each settlement. */
    public static GpuAgent start(Daemon daemon, AgentSettings settings, ImageSettings images, JobIsolation isolation,
                                 EffectsObserver effects) {
        // /health/ready stays 503 until the provider is registered and its queue consumed
        AtomicBoolean started = new AtomicBoolean();
        daemon.readinessCheck("gpu-agent", () -> started.get() ? null : "starting");
        InstantSource clock = InstantSource.system();
        NvidiaSmi smi = new NvidiaSmi(settings.nvidiaSmi());
        GpuProbe.Result probe = new GpuProbe(smi).probe();
        if (probe.hasGpus()) {
            log.info(probe.message());
        } else {
            log.warn(probe.message());
        }
        ProviderRegistry registry = new ProviderRegistry(daemon.dsl(), clock);
        UUID providerId = registry.register(settings.providerName(), settings.host(), probe, settings.pricePerHour());
        Ledger ledger = new Ledger(daemon.dsl());
        GpuJobs jobs = new GpuJobs(daemon.dsl(), ledger, daemon.queueOptions());
        ImageJobs imageJobs = new ImageJobs(daemon.dsl(), jobs, daemon.queueOptions());
        ScheduledExecutorService duties = startDuties(daemon, settings, registry, providerId, jobs, imageJobs, clock);
        Worker worker = null;
        if (probe.hasGpus()) {
            worker = startGpuWorker(daemon, settings, images, isolation, probe, providerId, ledger,
                    new GpuSampler(smi), effects, clock);
        }
        Worker imageWorker = startImageWorker(daemon, settings, images, clock);
        GpuAgent agent = new GpuAgent(providerId, registry, jobs, imageJobs, duties, worker, imageWorker);
        // GPU jobs enqueue nothing through the outbox: the relay is here for its retention of drover.processed_jobs
        daemon.onShutdown(OutboxRelay.builder(daemon.dsl(), daemon.queueOptions()).build().start());
        daemon.onShutdown(agent);
        started.set(true);
        return agent;
    }

    /**
     * Consumes the GPU model's queue. Every job holds at least one GPU, so more jobs than GPUs never run at once:
     * the worker's concurrency is {@code CONCURRENCY} capped at the GPU count, and the {@link FetchGate} pauses it
     * while no GPU is free.
     */
    private static Worker startGpuWorker(Daemon daemon, AgentSettings settings, ImageSettings images,
                                         JobIsolation isolation, GpuProbe.Result probe, UUID providerId, Ledger ledger, GpuSampler sampler,
                                         EffectsObserver effects, InstantSource clock) {
        GpuAllocator gpus = new GpuAllocator(probe.gpus().stream().filter(g -> g.name().equals(probe.gpuModel()))
                .map(GpuInfo::index).toList());
        int concurrency = Math.min(settings.concurrency(), gpus.total());
        if (concurrency < settings.concurrency()) {
            log.info("concurrency {} capped at this host's {} GPUs", settings.concurrency(), gpus.total());
        }
        FetchGate gate = new FetchGate(gpus);
        var processor = new GpuJobProcessor(daemon.dsl(), JobEffects.builder(daemon.dsl()).observer(effects).build(),
                ledger, providerId, gpus, gate, sampler, settings, images, isolation, jobDirs(isolation, providerId), clock);
        Worker worker = daemon.worker(GpuQueues.forModel(probe.gpuModel()), Processor.byName(Map.of(
                GpuQueues.JOB_NAME, processor, GpuQueues.TRAIN_MODEL, processor)), workerOptions(settings, concurrency));
        gate.attach(worker);
        return worker;
    }

    /** Consumes {@value GpuQueues#IMAGES} when a Gemini key is configured (GPU or not); else says why it does not. */
    private static Worker startImageWorker(Daemon daemon, AgentSettings settings, ImageSettings images,
                                           InstantSource clock) {
        if (!images.takesImageBatches()) {
            log.info("no GEMINI_API_KEY: taking no generate-images jobs (queue {})", GpuQueues.IMAGES);
            return null;
        }
        ImageBatches batches = new ImageBatches(daemon.dsl(), clock);
        var generate = new GenerateImagesJob(batches, new GeminiClient(images.gemini()), new ImageFetcher(images.fetch()),
                images.storageDir());
        log.info("taking generate-images jobs from queue {} with {}; reference images: {}", GpuQueues.IMAGES,
                images.gemini(), images.fetch().describe());
        return daemon.worker(GpuQueues.IMAGES, Processor.byName(Map.of(GpuQueues.GENERATE_IMAGES,
                new ImageBatchProcessor(batches, generate))), workerOptions(settings, images.concurrency()));
    }

    /** Removes what dead runs left in this provider's job directories; says how jobs are isolated. */
    private static JobDirs jobDirs(JobIsolation isolation, UUID providerId) {
        log.info(isolation.describe());
        if (isolation.runAs() == null) {
            log.warn("jobs run as this agent's own user (no RUN_AS): a job can read /proc/{}/environ, the agent's"
                    + " files and STORAGE_DIR; set RUN_AS to run them as another user", ProcessHandle.current().pid());
        }
        try {
            return JobDirs.open(isolation.jobsDir().resolve(providerId.toString()), isolation.runAs());
        } catch (IOException | IllegalStateException e) {
            throw StartupException.badConfig("JOBS_DIR: " + e.getMessage());
        }
    }

    private static WorkerOptions workerOptions(AgentSettings settings, int concurrency) {
        return WorkerOptions.builder().name(settings.providerName().replaceAll("\\s+", "-")).concurrency(concurrency)
                .lockDuration(settings.lockDuration()).stalledInterval(settings.stalledInterval())
                .maxStalledCount(3).build();
    }

    private static ScheduledExecutorService startDuties(Daemon daemon, AgentSettings settings,
                                                        ProviderRegistry registry, UUID providerId, GpuJobs jobs,
                                                        ImageJobs imageJobs, InstantSource clock) {
        ScheduledExecutorService duties = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gpu-agent-duties").factory());
        Reaper reaper = new Reaper(daemon.dsl(), registry, jobs, settings.heartbeatTtl(), clock);
        long period = settings.heartbeatInterval().toMillis();
        duties.scheduleWithFixedDelay(() -> duty("heartbeat", () -> registry.heartbeat(providerId)), 0, period,
                TimeUnit.MILLISECONDS);
        duties.scheduleWithFixedDelay(() -> duty("reaper", reaper), period, period, TimeUnit.MILLISECONDS);
        duties.scheduleWithFixedDelay(() -> duty("relay", () -> jobs.relayPending(settings.relayAge())), period,
                period, TimeUnit.MILLISECONDS);
        duties.scheduleWithFixedDelay(() -> duty("image relay", () -> imageJobs.relayPendingBatches(
                settings.relayAge())), period, period, TimeUnit.MILLISECONDS);
        return duties;
    }

    // a failing duty (database blip) must not cancel its schedule: log and try again next period
    private static void duty(String name, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            log.warn("{} failed, retrying next period: {}", name, e.getMessage());
        }
    }

    public UUID providerId() {
        return providerId;
    }

    /** Whether it consumes its GPU model's queue (it found a GPU). */
    public boolean takesJobs() {
        return worker != null;
    }

    /** Whether it consumes {@value GpuQueues#IMAGES} (a Gemini key is configured). */
    public boolean takesImageBatches() {
        return imageWorker != null;
    }

    @Override
    public void close() {
        duties.shutdownNow();
        try {
            duties.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        imageJobs.close();
        jobs.close();
        try {
            registry.setStatus(providerId, ProviderStatus.OFFLINE);
        } catch (RuntimeException e) {
            log.warn("could not mark provider {} OFFLINE: {}", providerId, e.getMessage());
        }
    }

    /** Default heartbeat period; the TTL default is six of these. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
}
