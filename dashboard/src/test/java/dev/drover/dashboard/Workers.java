package dev.drover.dashboard;

import static dev.drover.db.generated.certification.Tables.AI_MODELS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static dev.drover.db.generated.gpu.Tables.USERS;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;
import static org.awaitility.Awaitility.await;

import dev.drover.certification.CertificationApp;
import dev.drover.certification.CertificationConfig;
import dev.drover.certification.RegionRateLimiter;
import dev.drover.certification.batch.BatchTuning;
import dev.drover.certification.batch.ModelProcessor;
import dev.drover.daemon.Daemon;
import dev.drover.daemon.DaemonOptions;
import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.gpu.GpuJobs;
import dev.drover.gpu.agent.AgentSettings;
import dev.drover.gpu.agent.GpuAgent;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.billing.Ledger;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.sync.Schedule;
import dev.drover.sync.SegmentControl;
import dev.drover.sync.SegmentSync;
import dev.drover.sync.SyncMode;
import dev.drover.sync.app.SyncJobProcessor;
import dev.drover.sync.crm.RequestRateLimiter;
import dev.drover.sync.crm.SprintHubClient;
import dev.drover.sync.crm.SprintHubConfig;
import dev.drover.testing.sim.bedrock.BedrockSimulator;
import dev.drover.testing.sim.bedrock.SimModel;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import dev.drover.testing.sim.sprinthub.SimFault;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The three workers' real code in this JVM, against simulators of their outside APIs, filling one Redis prefix and
 * one database for the domain pages: a certification batch through the certification worker (Bedrock simulator),
 * two CRM segment runs through the sync worker's job processor (SprintHub simulator, one run failing), and a GPU
 * training job through a gpu-agent daemon (fake nvidia-smi, a real child process, the credit ledger).
 */
final class Workers implements AutoCloseable {

    static final String H100 = "NVIDIA H100 80GB HBM3";
    static final List<String> MODELS = List.of("anthropic.claude-3-haiku-20240307-v1:0", "amazon.nova-lite-v1:0",
            "meta.llama3-8b-instruct-v1:0", "mistral.mistral-7b-instruct-v0:2");
    static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final List<AutoCloseable> open = new ArrayList<>();
    private final QueueOptions options;
    private final String redisUrl;
    private final String databaseUrl;
    private final DSLContext dsl;
    String batchJobId;
    UUID gpuJob;
    UUID gpuUser;

    Workers(String redisUrl, QueueOptions options, String databaseUrl, DSLContext dsl) {
        this.redisUrl = redisUrl;
        this.options = options;
        this.databaseUrl = databaseUrl;
        this.dsl = dsl;
    }

    private <T extends AutoCloseable> T keep(T t) {
        open.add(0, t);
        return t;
    }

    /** A MULTIPLE_MODELS batch over {@link #MODELS} × {@link #REGIONS}, run to the end; Mistral is down in eu-west-1. */
    void certify() {
        SimModel.defaultCatalog().forEach(m -> dsl.insertInto(AI_MODELS).set(AI_MODELS.ID, m.modelId())
                .set(AI_MODELS.NAME, m.modelName()).set(AI_MODELS.PROVIDER, m.providerName()).execute());
        BedrockSimulator bedrock = keep(BedrockSimulator.startWithDefaultCatalog());
        bedrock.unavailable("eu-west-1", "mistral.mistral-7b-instruct-v0:2");
        CertificationConfig config = CertificationConfig.defaults().withEndpoints(bedrock.endpointTemplate())
                .withRetry(2, Duration.ofMillis(10)).withCallTimeout(Duration.ofSeconds(5));
        CertificationApp app = keep(new CertificationApp(dsl, options, config,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")),
                RegionRateLimiter.unlimited(), new BatchTuning(2, Duration.ofMillis(50), Duration.ofMinutes(5),
                Duration.ofMinutes(5)), ModelProcessor.CommitHook.NONE));
        keep(new Worker(CertificationApp.QUEUE, app.processor(), WorkerOptions.builder().concurrency(4).build(), options)
                .start());
        Queue queue = keep(new Queue(CertificationApp.QUEUE, options));
        batchJobId = queue.add(CertificationApp.BATCH_JOB, Map.of("type", "MULTIPLE_MODELS", "regions", REGIONS,
                "modelIds", MODELS, "createdBy", "dashboard-test"));
        await().atMost(WAIT).until(() -> dsl.fetchExists(CERTIFICATION_JOBS, CERTIFICATION_JOBS.QUEUE_JOB_ID
                .eq(batchJobId).and(CERTIFICATION_JOBS.TOTAL_MODELS.gt(0))
                .and(CERTIFICATION_JOBS.PROCESSED_MODELS.eq(CERTIFICATION_JOBS.TOTAL_MODELS))));
    }

    /** Segment 42 syncs 30 leads; segment 43's CRM answers 500 until its one attempt fails. */
    void syncSegments() {
        SprintHubSimulator sim = keep(SprintHubSimulator.start("tok-dashboard-test", "oficialmed"));
        sim.segment(42).addLeads(1, 30);
        sim.segment(43).addLeads(100, 5);
        sim.failPage(43, 0, SimFault.status(500), 1_000);
        SegmentControl control = new SegmentControl(dsl, InstantSource.system());
        control.add(42, new Schedule.Every(Duration.ofHours(6)), SyncMode.INCREMENTAL, "Hot leads");
        control.add(43, new Schedule.Every(Duration.ofDays(1)), SyncMode.FULL, "Cold leads");
        SprintHubConfig config = SprintHubConfig.of(sim.baseUrl(), "tok-dashboard-test", "oficialmed").withPageSize(10)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).withRetry(1, Duration.ofMillis(10),
                        Duration.ofMillis(50));
        SegmentSync sync = new SegmentSync(dsl, new SprintHubClient(config, RequestRateLimiter.unlimited()),
                InstantSource.system());
        keep(new Worker("lead-sync", new SyncJobProcessor(sync), WorkerOptions.builder().build(), options).start());
        Queue queue = keep(new Queue("lead-sync", options));
        queue.add("sync-segment", Map.of("segmentId", 42, "mode", "FULL", "trigger", "manual"));
        queue.add("sync-segment", Map.of("segmentId", 43, "mode", "FULL", "trigger", "manual"));
        await().atMost(WAIT).until(() -> dsl.fetchCount(SYNC_SEGMENTS_LOGS) >= 2);
    }

    /** A training job printing five epochs on a gpu-agent with one (fake) H100 whose load rises and falls. */
    void trainOnGpu() {
        FakeNvidiaSmi smi = keep(FakeNvidiaSmi.install());
        DaemonOptions daemonOptions = DaemonOptions.of(redisUrl, databaseUrl, options.prefix(), 0, Duration.ofSeconds(5));
        Daemon daemon = keep(Daemon.start("gpu-agent-dashboard", daemonOptions, Map.of()));
        keep(GpuAgent.start(daemon, new AgentSettings("dash-h100", "dash-h100.test", new BigDecimal("3600"),
                smi.path().toString(), 1, Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofMillis(150), Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(1))));
        gpuUser = dsl.insertInto(USERS).set(USERS.EMAIL, "ana@example.com").set(USERS.NAME, "Ana")
                .returning(USERS.ID).fetchOne(USERS.ID);
        Ledger ledger = new Ledger(dsl);
        ledger.deposit(gpuUser, new BigDecimal("500"), "top-up-1");
        GpuJobs jobs = keep(new GpuJobs(dsl, ledger, daemonOptions.queueOptions()));
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        int[] tick = {0};
        load.scheduleAtFixedRate(() -> {
            int t = tick[0]++;
            int util = Math.min(97, 20 + t * 9);
            smi.samples(FakeNvidiaSmi.Sample.of(0, util, 2_000 + t * 2_500L, 81_559, 38 + t * 2, 80 + util * 3.1));
        }, 0, 150, TimeUnit.MILLISECONDS);
        try {
            gpuJob = jobs.submit(JobRequest.training(gpuUser, H100, Duration.ofMinutes(1), "sh", "-c",
                    "for i in 1 2 3 4 5; do echo \"epoch $i loss 0.$((9 - i))\"; sleep 0.3; done")).id();
            await().atMost(WAIT).until(() -> dsl.fetchExists(dev.drover.db.generated.gpu.Tables.JOBS,
                    dev.drover.db.generated.gpu.Tables.JOBS.ID.eq(gpuJob)
                            .and(dev.drover.db.generated.gpu.Tables.JOBS.STATUS.eq(JobStatus.COMPLETED))));
        } finally {
            load.shutdownNow();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // closing what the test started is best effort
            }
        }
    }
}
