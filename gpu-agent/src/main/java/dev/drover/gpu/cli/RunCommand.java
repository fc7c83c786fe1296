package dev.drover.gpu.cli;

import dev.drover.daemon.Daemon;
import dev.drover.daemon.DaemonCommand;
import dev.drover.daemon.DaemonOptions;
import dev.drover.daemon.Env;
import dev.drover.daemon.StartupException;
import dev.drover.gpu.agent.AgentSettings;
import dev.drover.gpu.agent.GpuAgent;
import dev.drover.gpu.agent.ImageSettings;
import dev.drover.gpu.agent.JobIsolation;
import dev.drover.gpu.images.GeminiConfig;
import dev.drover.queue.postgres.EffectsObserver;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gpu-agent run}: the daemon. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the agent daemon on this GPU host.")
public final class RunCommand implements Callable<Integer>, DaemonCommand {

    @Mixin
    DaemonOptions daemon;

    @Mixin
    IsolationOptions isolation;

    @Env("PROVIDER_NAME")
    @Option(names = "--provider-name", paramLabel = "<name>", description = "This agent's provider name (default: the host name).")
    String providerName;

    @Env("PRICE_PER_HOUR")
    @Option(names = "--price-per-hour", paramLabel = "<credits>", defaultValue = "2.00", description = "Price per GPU-hour.")
    BigDecimal pricePerHour;

    @Env("NVIDIA_SMI")
    @Option(names = "--nvidia-smi", paramLabel = "<path>", defaultValue = "nvidia-smi", description = "The nvidia-smi binary.")
    String nvidiaSmi;

    @Env("CONCURRENCY")
    @Option(names = "--concurrency", paramLabel = "<n>", defaultValue = "1", description = "Jobs run at once.")
    int concurrency;

    @Env("HEARTBEAT_INTERVAL")
    @Option(names = "--heartbeat-interval", paramLabel = "<duration>", defaultValue = "10s",
            description = "How often the provider row is stamped; also the reaper and relay period.")
    Duration heartbeatInterval;

    @Env("HEARTBEAT_TTL")
    @Option(names = "--heartbeat-ttl", paramLabel = "<duration>", defaultValue = "60s",
            description = "A provider silent this long is dead and its running jobs are re-queued.")
    Duration heartbeatTtl;

    @Env("RELAY_AGE")
    @Option(names = "--relay-age", paramLabel = "<duration>", defaultValue = "30s",
            description = "A job PENDING this long after submit is enqueued by the relay.")
    Duration relayAge;

    @Env("METRICS_INTERVAL")
    @Option(names = "--metrics-interval", paramLabel = "<duration>", defaultValue = "5s", description = "GPU sampling period.")
    Duration metricsInterval;

    @Env("CANCEL_POLL")
    @Option(names = "--cancel-poll", paramLabel = "<duration>", defaultValue = "1s", description = "How often a job checks for cancel.")
    Duration cancelPoll;

    @Env("LOCK_DURATION")
    @Option(names = "--lock-duration", paramLabel = "<duration>", defaultValue = "30s",
            description = "Queue lock of a running job; a dead agent's job runs elsewhere after about this long.")
    Duration lockDuration;

    @Env("STALLED_INTERVAL")
    @Option(names = "--stalled-interval", paramLabel = "<duration>", defaultValue = "30s", description = "Stalled-job check period.")
    Duration stalledInterval;

    @Env("KILL_GRACE")
    @Option(names = "--kill-grace", paramLabel = "<duration>", defaultValue = "10s",
            description = "On cancel or time limit: SIGTERM, then SIGKILL after this long.")
    Duration killGrace;

    @Env("GEMINI_BASE_URL")
    @Option(names = "--gemini-base-url", paramLabel = "<url>", defaultValue = GeminiConfig.DEFAULT_BASE_URL,
            description = "Gemini API base URL (generate-images).")
    String geminiBaseUrl;

    @Env("GEMINI_API_KEY")
    @Option(names = "--gemini-api-key", paramLabel = "<key>",
            description = "Gemini API key; never printed. Without one this agent takes no generate-images jobs.")
    String geminiApiKey;

    @Env("GEMINI_MODEL_NAME")
    @Option(names = "--gemini-model-name", paramLabel = "<model>", defaultValue = GeminiConfig.DEFAULT_MODEL,
            description = "Gemini model that generates the images.")
    String geminiModelName;

    @Env("STORAGE_DIR")
    @Option(names = "--storage-dir", paramLabel = "<dir>", defaultValue = "storage",
            description = "Where generated images and trained models are stored (relative: to the working directory).")
    Path storageDir;

    @Env("IMAGE_CONCURRENCY")
    @Option(names = "--image-concurrency", paramLabel = "<n>", defaultValue = "4",
            description = "generate-images jobs run at once.")
    int imageConcurrency;

    private final EffectsObserver effects;

    public RunCommand() {
        this(EffectsObserver.NONE);
    }

    /** For tests: {@code effects} sees each GPU job's settlement (a test-only main stops the process after a commit). */
    RunCommand(EffectsObserver effects) {
        this.effects = effects;
    }

    @Override
    public Integer call() throws Exception {
        AgentSettings settings = settings();
        ImageSettings images = imageSettings();
        JobIsolation jobs = jobIsolation(images);
        try (Daemon d = Daemon.start("gpu-agent", daemon)) {
            GpuAgent agent = GpuAgent.start(d, settings, images, jobs, effects);
            System.out.println("gpu-agent: provider " + agent.providerId() + ", http port " + d.httpPort()
                    + (agent.takesJobs() ? "" : ", taking no GPU jobs")
                    + (agent.takesImageBatches() ? "" : ", taking no generate-images jobs (no GEMINI_API_KEY)"));
            return d.awaitShutdown();
        }
    }

    private AgentSettings settings() {
        String host = hostName();
        try {
            return new AgentSettings(providerName == null ? host : providerName, host, pricePerHour, nvidiaSmi,
                    concurrency, heartbeatInterval, heartbeatTtl, relayAge, metricsInterval, cancelPoll, lockDuration,
                    stalledInterval, killGrace);
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig(e.getMessage());
        }
    }

    private ImageSettings imageSettings() {
        try {
            GeminiConfig gemini = geminiApiKey == null || geminiApiKey.isBlank() ? null : new GeminiConfig(
                    geminiBaseUrl, geminiApiKey, geminiModelName, Duration.ofSeconds(120), 4, Duration.ofSeconds(2));
            return new ImageSettings(gemini, storageDir.toAbsolutePath(), imageConcurrency, isolation.fetchRules());
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig(e.getMessage());
        }
    }

    private JobIsolation jobIsolation(ImageSettings images) {
        try {
            JobIsolation jobs = isolation.isolation(System.getenv());
            jobs.check(images.storageDir());
            return jobs;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw StartupException.badConfig(e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
