package dev.drover.sync.app;

import dev.drover.daemon.Env;
import dev.drover.daemon.Daemon;
import dev.drover.daemon.DaemonCommand;
import dev.drover.daemon.DaemonOptions;
import dev.drover.daemon.StartupException;
import dev.drover.queue.Processor;
import dev.drover.queue.Queue;
import dev.drover.queue.WorkerOptions;
import dev.drover.queue.postgres.OutboxRelay;
import dev.drover.sync.SegmentScheduler;
import dev.drover.sync.SegmentSync;
import dev.drover.sync.SyncJobData;
import dev.drover.sync.crm.RedissonRequestRateLimiter;
import dev.drover.sync.crm.SprintHubClient;
import dev.drover.sync.crm.SprintHubConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sync-worker run}: the daemon. Starts the shared bootstrap ({@link Daemon}: Redis/Postgres checks, health,
 * metrics, SIGTERM), a {@code lead-sync} worker running {@link SyncJobProcessor}, the {@link SchedulerLoop} that
 * enqueues due segments, and an {@link OutboxRelay} (which prunes old runs' {@code drover.processed_jobs} rows). Every process may run both; claiming and deduplication keep one run per segment at a time.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs the sync-worker daemon.")
final class RunCommand implements Callable<Integer>, DaemonCommand {

    @ParentCommand
    LeadSyncMain root;

    @Mixin
    DaemonOptions daemon;

    @Env("SPRINTHUB_BASE_URL")
    @Option(names = "--sprinthub-base-url", paramLabel = "<url>",
            description = "SprintHub API base URL, with or without scheme (https:// is assumed). Required.")
    String baseUrl;

    @Env("SPRINTHUB_API_TOKEN")
    @Option(names = "--sprinthub-api-token", paramLabel = "<token>", description = "SprintHub apitoken (secret). Required.")
    String token;

    @Env("SPRINTHUB_INSTANCE")
    @Option(names = "--sprinthub-instance", paramLabel = "<name>", description = "SprintHub instance (the i parameter). Required.")
    String instance;

    @Env("SPRINTHUB_PAGE_SIZE")
    @Option(names = "--sprinthub-page-size", paramLabel = "<n>", defaultValue = "100", description = "Leads per page.")
    int pageSize;

    @Env("SPRINTHUB_REQUESTS_PER_SECOND")
    @Option(names = "--sprinthub-requests-per-second", paramLabel = "<n>", defaultValue = "5",
            description = "CRM request rate shared by every sync-worker on this Redis.")
    int requestsPerSecond;

    @Env("CONCURRENCY")
    @Option(names = "--concurrency", paramLabel = "<n>", defaultValue = "2", description = "Segment runs at once in this process.")
    int concurrency;

    @Env("SCHEDULE_INTERVAL")
    @Option(names = "--schedule-interval", paramLabel = "<duration>", defaultValue = "30s",
            description = "How often this process claims due segments and enqueues their runs.")
    Duration scheduleInterval;

    @Env("SCHEDULER_ENABLED")
    @Option(names = "--scheduler-enabled", paramLabel = "<bool>", defaultValue = "true", arity = "1",
            description = "Whether this process runs the scheduler tick (false: worker only).")
    boolean schedulerEnabled;

    @Env("JOB_ATTEMPTS")
    @Option(names = "--job-attempts", paramLabel = "<n>", defaultValue = "5", description = "Attempts per run, retries included.")
    int attempts;

    @Env("JOB_BACKOFF")
    @Option(names = "--job-backoff", paramLabel = "<duration>", defaultValue = "30s",
            description = "Wait before a run's first retry; doubled on each further retry.")
    Duration backoff;

    @Env("LOCK_DURATION")
    @Option(names = "--lock-duration", paramLabel = "<duration>", defaultValue = "30s",
            description = "Job lock lifetime; a run whose process died is taken over after about this long.")
    Duration lockDuration;

    @Env("STALLED_INTERVAL")
    @Option(names = "--stalled-interval", paramLabel = "<duration>", defaultValue = "30s",
            description = "How often stalled runs (of dead processes) are looked for.")
    Duration stalledInterval;

    private final SyncJobProcessor.AfterRun afterRun;

    RunCommand() {
        this(SyncJobProcessor.AfterRun.NONE);
    }

    /** For tests: {@code afterRun} runs once a run's outcome is committed, before its job is acknowledged. */
    RunCommand(SyncJobProcessor.AfterRun afterRun) {
        this.afterRun = afterRun;
    }

    @Override
    public Integer call() throws Exception {
        SprintHubConfig crm = crmConfig();
        var retry = retryPolicy();
        try (Daemon d = Daemon.start("sync-worker", daemon, root.env())) {
            RedissonClient redisson = RedissonClients.create(d.queueOptions().redis());
            // Redisson's default shutdown lingers up to 15 s for netty; nothing is in flight once the workers stopped
            d.onShutdown(() -> redisson.shutdown(0, 2, TimeUnit.SECONDS));
            var limiter = RedissonRequestRateLimiter.perSecond(redisson, daemon.queuePrefix(), crm.requestsPerSecond());
            SegmentSync sync = new SegmentSync(d.dsl(), new SprintHubClient(crm, limiter), InstantSource.system());
            var processor = new SyncJobProcessor(sync, afterRun);
            // runs never enqueue through the outbox; the relay is here for its retention of drover.processed_jobs
            d.onShutdown(OutboxRelay.builder(d.dsl(), d.queueOptions()).build().start());
            d.worker(SyncJobData.QUEUE, Processor.byName(Map.of(SyncJobData.JOB_NAME, processor)),
                    WorkerOptions.builder().concurrency(concurrency).lockDuration(lockDuration)
                            .stalledInterval(stalledInterval).build());
            if (schedulerEnabled) {
                Queue queue = new Queue(SyncJobData.QUEUE, d.queueOptions());
                d.onShutdown(queue);
                SchedulerLoop loop = new SchedulerLoop(new SegmentScheduler(d.dsl(), InstantSource.system()),
                        new SegmentRunEnqueuer(queue, retry), 50, d.meters());
                d.onShutdown(loop);
                loop.start(scheduleInterval);
            }
            return d.awaitShutdown();
        }
    }

    /** The CRM settings: flags and their variables, plus the optional tuning variables SprintHubConfig reads. */
    private SprintHubConfig crmConfig() {
        Map<String, String> vars = new HashMap<>(root.env());
        putIfSet(vars, "SPRINTHUB_BASE_URL", baseUrl);
        putIfSet(vars, "SPRINTHUB_API_TOKEN", token);
        putIfSet(vars, "SPRINTHUB_INSTANCE", instance);
        vars.put("SPRINTHUB_PAGE_SIZE", String.valueOf(pageSize));
        vars.put("SPRINTHUB_REQUESTS_PER_SECOND", String.valueOf(requestsPerSecond));
        try {
            return SprintHubConfig.fromEnv(vars);
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig(e.getMessage());
        }
    }

    private SegmentRunEnqueuer.RetryPolicy retryPolicy() {
        if (concurrency < 1) {
            throw StartupException.badConfig("CONCURRENCY (--concurrency) must be at least 1, got " + concurrency);
        }
        if (!scheduleInterval.isPositive()) {
            throw StartupException.badConfig("SCHEDULE_INTERVAL (--schedule-interval) must be positive");
        }
        try {
            return new SegmentRunEnqueuer.RetryPolicy(attempts, backoff);
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig("JOB_ATTEMPTS / JOB_BACKOFF: " + e.getMessage());
        }
    }

    private static void putIfSet(Map<String, String> vars, String name, String value) {
        if (value != null && !value.isBlank()) {
            vars.put(name, value);
        }
    }
}
