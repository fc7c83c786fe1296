package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;
import static dev.drover.db.generated.gpu.Tables.JOB_METRICS;
import static dev.drover.db.generated.gpu.Tables.PROVIDERS;
import static dev.drover.db.generated.gpu.Tables.PROVIDER_METRICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.ProviderStatus;
import dev.drover.db.generated.gpu.tables.records.ProviderMetricsRecord;
import dev.drover.gpu.agent.GpuAgent;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.cli.CrashingGpuAgentMain;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.testing.CrashPoint;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code gpu-agent run} as its own JVM: SIGKILL recovery, health and metrics, SIGTERM, bad configuration. */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class GpuAgentProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final TestRedis redis;
    private final TestDatabase db;
    private final DSLContext dsl;
    private final FakeNvidiaSmi smi = FakeNvidiaSmi.install();
    private Process agent;
    @TempDir
    Path home;

    GpuAgentProcessTest(TestRedis redis, TestDatabase db) {
        this.redis = redis;
        this.db = db;
        this.dsl = GpuRows.dsl(db);
    }

    @AfterEach
    void close() {
        if (agent != null) {
            agent.destroyForcibly();
        }
        smi.close();
    }

    private Map<String, String> env(int port) {
        Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", redis.url(), "DATABASE_URL", db.url(),
                "QUEUE_PREFIX", redis.prefix(), "HTTP_PORT", String.valueOf(port), "NVIDIA_SMI", smi.path().toString(),
                "PRICE_PER_HOUR", Agents.PRICE, "PROVIDER_NAME", "proc-agent", "LOCK_DURATION", "2s",
                "STALLED_INTERVAL", "1s", "HEARTBEAT_INTERVAL", "300ms"));
        env.put("HEARTBEAT_TTL", "2s");
        env.put("CANCEL_POLL", "100ms");
        env.put("STORAGE_DIR", home.resolve("storage").toString());
        env.put("JOBS_DIR", home.resolve("jobs").toString());
        env.put("METRICS_INTERVAL", "200ms");
        return env;
    }

    private Process launch(Map<String, String> env, String... args) throws IOException {
        var cmd = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GpuAgentMain.class.getName()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("REDIS_URL");
        pb.environment().remove("DATABASE_URL");
        pb.environment().putAll(env);
        return pb.start();
    }

    private int startDrainedAgent() throws IOException {
        return startDrainedAgent(GpuAgentMain.class, Map.of());
    }

    /** Starts {@code main}'s {@code run} with {@link #env} plus {@code extra}; returns once it is ready. */
    private int startDrainedAgent(Class<?> main, Map<String, String> extra) throws IOException {
        int port = FreePort.pick();
        // the agent's log, for a failing test's reader
        ProcessBuilder.Redirect discard = ProcessBuilder.Redirect.appendTo(Path.of("target", "gpu-agent-process.log").toFile());
        var cmd = java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName(), "run");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(discard);
        pb.environment().putAll(env(port));
        pb.environment().putAll(extra);
        agent = pb.start();
        await().atMost(WAIT).until(() -> get(port, "/health/ready").statusCode() == 200);
        return port;
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new FailedResponse(e.toString());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAgentKilledMidJobHasItsJobRerunElsewhereChargedOnceAndEachProviderCreditedWithItsOwnSamples()
            throws Exception {
        smi.samples(Sample.of(0, 90, 1000, 81559, 40, 100.0)); // what the agent killed below reads
        startDrainedAgent();
        UUID user = GpuRows.user(dsl, "1000");
        try (Agents others = new Agents(redis, db); GpuJobs jobs = others.jobs(dsl);
             FakeNvidiaSmi rescuerSmi = FakeNvidiaSmi.install()) {
            rescuerSmi.samples(Sample.of(0, 10, 1000, 81559, 40, 100.0));
            UUID id = jobs.submit(JobRequest.training(user, Agents.H100, Duration.ofMinutes(1), "sh", "-c",
                    "echo begin; sleep 2; echo end")).id();
            UUID killedProvider = dsl.select(PROVIDERS.ID).from(PROVIDERS).where(PROVIDERS.NAME.eq("proc-agent"))
                    .fetchOne(PROVIDERS.ID);
            await().atMost(WAIT).until(() -> Agents.row(dsl, id).getStatus() == JobStatus.RUNNING
                    && dsl.fetchCount(JOB_METRICS, JOB_METRICS.JOB_ID.eq(id)) > 0);

            agent.destroyForcibly(); // SIGKILL: no shutdown hook, no release
            assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
            int killedSamples = dsl.fetchCount(JOB_METRICS, JOB_METRICS.JOB_ID.eq(id));
            GpuAgent rescuer = others.start("rescuer", rescuerSmi.path().toString());

            await().atMost(WAIT).until(() -> Agents.row(dsl, id).getStatus() == JobStatus.COMPLETED);
            var row = Agents.row(dsl, id);
            assertThat(row.getProviderId()).isEqualTo(rescuer.providerId()).isNotEqualTo(killedProvider);
            assertThat(row.getAttempts()).isEqualTo(2);
            Agents.assertBalanced(dsl, id, user);

            ProviderMetricsRecord killed = dsl.selectFrom(PROVIDER_METRICS)
                    .where(PROVIDER_METRICS.PROVIDER_ID.eq(killedProvider)).fetchOne();
            ProviderMetricsRecord took = dsl.selectFrom(PROVIDER_METRICS)
                    .where(PROVIDER_METRICS.PROVIDER_ID.eq(rescuer.providerId())).fetchOne();
            assertThat(killed).as("the killed agent's provider_metrics row").isNotNull();
            assertThat(killed.getUtilizationSamples()).isEqualTo(killedSamples);
            assertThat(killed.getAvgUtilization()).isEqualByComparingTo("90");
            assertThat(killed.getJobsCompleted()).isZero();
            assertThat(killed.getEarnings()).isZero();
            assertThat(took.getAvgUtilization()).isEqualByComparingTo("10");
            assertThat(took.getJobsCompleted()).isEqualTo(1);
            assertThat(killed.getUtilizationSamples() + took.getUtilizationSamples())
                    .isEqualTo(dsl.fetchCount(JOB_METRICS, JOB_METRICS.JOB_ID.eq(id)));
        }
    }

    @Test
    void anAgentKilledAfterItsSettlementCommittedHasItsJobReplayedNeitherRunNorChargedAgain() throws Exception {
        Path halted = CrashPoint.newMarker();
        startDrainedAgent(CrashingGpuAgentMain.class, Map.of(CrashPoint.ENV, halted.toString()));
        UUID user = GpuRows.user(dsl, "1000");
        try (Agents others = new Agents(redis, db); GpuJobs jobs = others.jobs(dsl);
             Queue queue = new Queue(GpuQueues.forModel(Agents.H100), others.queueOptions());
             FakeNvidiaSmi rescuerSmi = FakeNvidiaSmi.install()) {
            UUID id = jobs.submit(JobRequest.training(user, Agents.H100, Duration.ofMinutes(1), "sh", "-c",
                    "echo once")).id();

            await().atMost(WAIT).until(() -> CrashPoint.detail(halted) != null);
            assertThat(CrashPoint.detail(halted)).isEqualTo(id.toString());
            agent.destroyForcibly(); // SIGKILL after the settlement's commit, before the queue job's acknowledgement
            assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
            var settled = Agents.row(dsl, id);
            assertThat(settled.getStatus()).isEqualTo(JobStatus.COMPLETED);
            assertThat(queue.getJobState(id.toString())).isEqualTo(JobState.ACTIVE);
            int logs = dsl.fetchCount(JOB_LOGS, JOB_LOGS.JOB_ID.eq(id));

            others.start("rescuer", rescuerSmi.path().toString());

            await().atMost(WAIT).until(() -> queue.getJobState(id.toString()) == JobState.COMPLETED);
            assertThat(queue.getJob(id.toString()).orElseThrow().returnValue().path("cost").asText())
                    .isEqualTo(settled.getCost().toPlainString());
            var row = Agents.row(dsl, id);
            assertThat(row.getProviderId()).as("settled by the killed agent, once").isEqualTo(settled.getProviderId());
            assertThat(row.getAttempts()).isEqualTo(1);
            assertThat(row.getFinishedAt()).isEqualTo(settled.getFinishedAt());
            assertThat(dsl.fetchCount(JOB_LOGS, JOB_LOGS.JOB_ID.eq(id))).as("the command ran once").isEqualTo(logs);
            Agents.assertBalanced(dsl, id, user);
        }
    }

    @Test
    void servesHealthAndMetricsAndExitsZeroOnSigterm() throws Exception {
        int port = startDrainedAgent();

        assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(port, "/health/ready").body()).contains("postgres: ok", "redis: ok");
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("drover_queue_depth{queue=\"gpu-jobs.nvidia-h100-80gb-hbm3\",state=\"waiting\"}")
                .contains("drover_jobs_active{queue=\"gpu-jobs.nvidia-h100-80gb-hbm3\"} 0.0");

        new ProcessBuilder("kill", "-TERM", String.valueOf(agent.pid())).start().waitFor();

        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isZero();
        assertThat(dsl.select(PROVIDERS.STATUS).from(PROVIDERS).where(PROVIDERS.NAME.eq("proc-agent"))
                .fetchOne(PROVIDERS.STATUS)).isEqualTo(ProviderStatus.OFFLINE);
    }

    @Test
    void badConfigurationIsOneClearLineAndANonZeroExit() throws Exception {
        Map<String, String> env = env(FreePort.pick());
        env.remove("REDIS_URL");
        agent = launch(env, "run");
        String out = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(2);
        assertThat(out.lines().findFirst().orElseThrow())
                .isEqualTo("gpu-agent run: missing required configuration: REDIS_URL (or --redis-url)");

        int closed = FreePort.pick();
        env.put("REDIS_URL", "redis://:hunter2@127.0.0.1:" + closed);
        agent = launch(env, "run");
        out = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(3);
        assertThat(out).startsWith("gpu-agent run: cannot reach Redis at 127.0.0.1:" + closed).doesNotContain("hunter2")
                .hasLineCount(1);
    }

    /** A response for a refused connection, so readiness can be awaited. */
    private record FailedResponse(String body) implements HttpResponse<String> {
        public int statusCode() { return -1; }
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return null; }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
