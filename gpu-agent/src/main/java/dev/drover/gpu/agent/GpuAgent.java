package dev.drover.gpu.agent;

import dev.drover.daemon.Daemon;
import dev.drover.db.generated.gpu.enums.ProviderStatus;
import dev.drover.gpu.GpuJobs;
import dev.drover.gpu.GpuQueues;
import dev.drover.gpu.billing.Ledger;
import dev.drover.gpu.nvidia.GpuInfo;
import dev.drover.gpu.nvidia.GpuProbe;
import dev.drover.gpu.nvidia.GpuSampler;
import dev.drover.gpu.nvidia.NvidiaSmi;
import dev.drover.gpu.provider.ProviderRegistry;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
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
 *   <li>consumes {@code gpu-jobs:<its model>} with a {@link GpuJobProcessor};</li>
 *   <li>every heartbeat also runs the {@link Reaper} and the PENDING relay ({@link GpuJobs#relayPending}).</li>
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

    private GpuAgent(UUID providerId, ProviderRegistry registry, GpuJobs jobs, ScheduledExecutorService duties,
                     Worker worker) {
        this.providerId = providerId;
        this.registry = registry;
        this.jobs = jobs;
        this.duties = duties;
        this.worker = worker;
    }

    /** Starts the agent; the daemon's shutdown stops it. */
    public static GpuAgent start(Daemon daemon, AgentSettings settings) {
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
        ScheduledExecutorService duties = startDuties(daemon, settings, registry, providerId, jobs, clock);
        Worker worker = null;
        if (probe.hasGpus()) {
            List<Integer> gpus = probe.gpus().stream().filter(g -> g.name().equals(probe.gpuModel()))
                    .map(GpuInfo::index).toList();
            var processor = new GpuJobProcessor(daemon.dsl(), ledger, providerId, gpus, new GpuSampler(smi), settings, clock);
            worker = daemon.worker(GpuQueues.forModel(probe.gpuModel()), processor, WorkerOptions.builder()
                    .name(settings.providerName().replaceAll("\\s+", "-")).concurrency(settings.concurrency())
                    .lockDuration(settings.lockDuration()).stalledInterval(settings.stalledInterval())
                    .maxStalledCount(3).build());
        }
        GpuAgent agent = new GpuAgent(providerId, registry, jobs, duties, worker);
        daemon.onShutdown(agent);
        started.set(true);
        return agent;
    }

    private static ScheduledExecutorService startDuties(Daemon daemon, AgentSettings settings,
                                                        ProviderRegistry registry, UUID providerId, GpuJobs jobs,
                                                        InstantSource clock) {
        ScheduledExecutorService duties = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gpu-agent-duties").factory());
        Reaper reaper = new Reaper(daemon.dsl(), registry, jobs, settings.heartbeatTtl(), clock);
        long period = settings.heartbeatInterval().toMillis();
        duties.scheduleWithFixedDelay(() -> duty("heartbeat", () -> registry.heartbeat(providerId)), 0, period,
                TimeUnit.MILLISECONDS);
        duties.scheduleWithFixedDelay(() -> duty("reaper", reaper), period, period, TimeUnit.MILLISECONDS);
        duties.scheduleWithFixedDelay(() -> duty("relay", () -> jobs.relayPending(settings.relayAge())), period,
                period, TimeUnit.MILLISECONDS);
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

    /** Whether it consumes a queue (it found a GPU). */
    public boolean takesJobs() {
        return worker != null;
    }

    @Override
    public void close() {
        duties.shutdownNow();
        try {
            duties.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
