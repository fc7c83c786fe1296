package dev.drover.certification.cli;

import dev.drover.certification.CertificationApp;
import dev.drover.certification.CertificationConfig;
import dev.drover.certification.batch.BatchTuning;
import dev.drover.certification.batch.ModelProcessor;
import dev.drover.certification.limits.RedissonRegionRateLimiter;
import dev.drover.daemon.Daemon;
import dev.drover.daemon.DaemonCommand;
import dev.drover.daemon.DaemonOptions;
import dev.drover.daemon.Env;
import dev.drover.daemon.StartupException;
import dev.drover.queue.WorkerOptions;
import dev.drover.queue.postgres.OutboxRelay;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code certification-worker run}: the daemon. Starts the shared daemon parts (Redis and Postgres checks, health
 * and metrics over HTTP, SIGTERM handling: {@link Daemon}), the Redis-backed per-region rate limiter, and a worker
 * on queue {@value CertificationApp#QUEUE}; returns 0 after a graceful stop.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the certification daemon: jobs certify-batch, certify-batch-summary, certify-model on "
                + "queue 'certification'. AWS credentials come from the SDK's default chain.")
public final class RunCommand implements Callable<Integer>, DaemonCommand {

    @Mixin
    DaemonOptions daemon;

    @Mixin
    BedrockOptions bedrock;

    @Env("CERTIFY_CONCURRENCY")
    @Option(names = "--certify-concurrency", paramLabel = "<n>", defaultValue = "4",
            description = "Jobs this process runs at once.")
    int concurrency;

    @Env("CERTIFY_ITEM_ATTEMPTS")
    @Option(names = "--certify-item-attempts", paramLabel = "<n>", defaultValue = "5",
            description = "Tries per (model, region) job when Bedrock keeps throttling or failing.")
    int itemAttempts;

    @Env("CERTIFY_ITEM_BACKOFF")
    @Option(names = "--certify-item-backoff", paramLabel = "<duration>", defaultValue = "2s",
            description = "First wait between those tries; doubled each time.")
    Duration itemBackoff;

    @Env("CERTIFY_PAUSED_RECHECK")
    @Option(names = "--certify-paused-recheck", paramLabel = "<duration>", defaultValue = "30s",
            description = "How often an item of a paused batch looks again (resume wakes items at once).")
    Duration pausedRecheck;

    @Env("CERTIFY_BATCH_RECHECK")
    @Option(names = "--certify-batch-recheck", paramLabel = "<duration>", defaultValue = "30s",
            description = "Safety-net interval at which a certify-batch job checks its children.")
    Duration batchRecheck;

    @Env("CERTIFY_LOCK_DURATION")
    @Option(names = "--certify-lock-duration", paramLabel = "<duration>", defaultValue = "30s",
            description = "Job lock lifetime: a dead worker's jobs run elsewhere after about this long.")
    Duration lockDuration;

    @Env("CERTIFY_STALLED_INTERVAL")
    @Option(names = "--certify-stalled-interval", paramLabel = "<duration>", defaultValue = "30s",
            description = "How often stalled jobs (of dead workers) are looked for.")
    Duration stalledInterval;

    private final ModelProcessor.CommitHook afterCommit;

    public RunCommand() {
        this(ModelProcessor.CommitHook.NONE);
    }

    /** For tests: {@code afterCommit} runs after each item's transaction commits, before its job is acknowledged. */
    RunCommand(ModelProcessor.CommitHook afterCommit) {
        this.afterCommit = afterCommit;
    }

    @Override
    public Integer call() throws Exception {
        CertificationConfig config = bedrock.config();
        BatchTuning tuning = tuning();
        WorkerOptions workerOptions = workerOptions();
        try (Daemon d = Daemon.start("certification-worker", daemon)) {
            var limiter = new RedissonRegionRateLimiter(d.queueOptions().redis(), daemon.queuePrefix(),
                    config.regionRatePerSecond());
            d.onShutdown(limiter);
            var app = new CertificationApp(d.dsl(), d.queueOptions(), config,
                    DefaultCredentialsProvider.builder().build(), limiter, tuning, afterCommit);
            d.onShutdown(app);
            // items never enqueue through the outbox; the relay is here for its retention of drover.processed_jobs
            d.onShutdown(OutboxRelay.builder(d.dsl(), d.queueOptions()).build().start());
            d.worker(CertificationApp.QUEUE, app.processor(), workerOptions);
            return d.awaitShutdown();
        }
    }

    private WorkerOptions workerOptions() {
        try {
            return WorkerOptions.builder().name("certification-worker").concurrency(concurrency)
                    .lockDuration(lockDuration).stalledInterval(stalledInterval).build();
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig("CERTIFY_* worker settings: " + e.getMessage());
        }
    }

    private BatchTuning tuning() {
        if (concurrency < 1) {
            throw StartupException.badConfig("CERTIFY_CONCURRENCY must be at least 1, got " + concurrency);
        }
        try {
            return new BatchTuning(itemAttempts, itemBackoff, pausedRecheck, batchRecheck);
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig("CERTIFY_* settings: " + e.getMessage());
        }
    }
}
