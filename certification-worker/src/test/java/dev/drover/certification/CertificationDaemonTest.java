package dev.drover.certification;

import static dev.drover.db.generated.certification.Tables.AI_MODELS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOB_ITEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.certification.cli.CrashingWorkerMain;
import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.db.generated.certification.enums.JobStatus;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.CrashPoint;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.sim.bedrock.BedrockSimulator;
import dev.drover.testing.sim.bedrock.SimModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The daemon as a real process ({@code certification-worker run}): exactly-once counters across a SIGKILL between the
 * database commit and the queue acknowledgement, health and metrics over HTTP, SIGTERM exit 0, and one-line errors for
 * bad configuration.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class CertificationDaemonTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String HAIKU = CertificationBatchTest.HAIKU;

    private BedrockSimulator sim;
    private Database database;
    private Queue queue;
    private Map<String, String> env;
    private DaemonProcess first;
    private DaemonProcess second;

    @BeforeEach
    void setUp(TestRedis redis, TestDatabase db) {
        sim = BedrockSimulator.startWithDefaultCatalog();
        database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "test", 2);
        SimModel.defaultCatalog().forEach(m -> database.dsl().insertInto(AI_MODELS).set(AI_MODELS.ID, m.modelId())
                .set(AI_MODELS.NAME, m.modelId()).set(AI_MODELS.PROVIDER, "sim").execute());
        queue = new Queue(CertificationApp.QUEUE, QueueOptions.builder().redisUrl(redis.url())
                .prefix(redis.prefix()).build());
        env = new HashMap<>(Map.of("REDIS_URL", redis.url(), "DATABASE_URL", db.url(),
                "QUEUE_PREFIX", redis.prefix(), "BEDROCK_ENDPOINT", sim.endpointTemplate(),
                "BEDROCK_RUNTIME_ENDPOINT", sim.endpointTemplate(), "AWS_ACCESS_KEY_ID", "AKIDTEST",
                "AWS_SECRET_ACCESS_KEY", "test-secret", "BEDROCK_RETRY_BACKOFF_MS", "10",
                "CERTIFY_LOCK_DURATION", "2s", "CERTIFY_STALLED_INTERVAL", "1s"));
        env.put("SHUTDOWN_TIMEOUT", "10s");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (DaemonProcess p : new DaemonProcess[] {first, second}) {
            if (p != null) {
                p.close();
            }
        }
        queue.close();
        database.close();
        sim.close();
    }

    @Test
    void countersStayExactWhenAWorkerIsKilledBetweenCommitAndAck() throws Exception {
        Path halted = CrashPoint.newMarker();
        Map<String, String> haltEnv = new HashMap<>(env);
        haltEnv.putAll(Map.of(CrashPoint.ENV, halted.toString(), "CERTIFY_CONCURRENCY", "1", "HTTP_PORT", "0"));
        first = DaemonProcess.start(CrashingWorkerMain.class, haltEnv, "run");
        String batchJob = queue.add(CertificationApp.BATCH_JOB, NodeBullmq.parse(
                "{\"type\":\"SINGLE_MODEL\",\"regions\":[\"us-east-1\",\"eu-west-1\"],\"modelIds\":[\"" + HAIKU
                        + "\"]}"));

        await().atMost(WAIT).until(() -> CrashPoint.detail(halted) != null);
        String committedJob = CrashPoint.detail(halted);
        first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no acknowledgement
        first.process.waitFor();
        assertThat(database.dsl().fetchCount(CERTIFICATION_JOB_ITEMS)).isEqualTo(1);
        assertThat(queue.getJobState(committedJob)).isEqualTo(JobState.ACTIVE);

        env.put("HTTP_PORT", "0");
        second = DaemonProcess.start(env, "run");
        await().atMost(WAIT).until(() -> queue.getJobState(batchJob) == JobState.COMPLETED);

        CertificationJobsRecord row = database.dsl().selectFrom(CERTIFICATION_JOBS).fetchOne();
        assertThat(row.getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(row.getProcessedModels()).isEqualTo(2);
        assertThat(row.getSuccessCount()).isEqualTo(2);
        assertThat(database.dsl().fetchCount(CERTIFICATION_JOB_ITEMS)).isEqualTo(2);
        var returned = queue.getJob(committedJob).orElseThrow().returnValue();
        assertThat(returned.get("outcome").asText()).isEqualTo("SUCCESS");
        // the redelivered item replayed the result its first run committed (drover.processed_jobs), score included
        assertThat(returned.get("passed").asBoolean()).isTrue();
        assertThat(returned).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(String.valueOf(
                database.dsl().fetchValue("select result::text from drover.processed_jobs where job_id = ? and"
                        + " completed_at is not null", committedJob))));
    }

    @Test
    void servesHealthAndMetricsAndStopsOnSigtermWithExitZero() throws Exception {
        int port = FreePort.pick();
        env.put("HTTP_PORT", String.valueOf(port));
        first = DaemonProcess.start(env, "run");
        await().atMost(WAIT).until(() -> DaemonProcess.status(port, "/health/ready") == 200);
        String job = queue.add(CertificationApp.BATCH_JOB, NodeBullmq.parse(
                "{\"type\":\"SINGLE_MODEL\",\"regions\":[\"us-east-1\"],\"modelIds\":[\"" + HAIKU + "\"]}"));
        await().atMost(WAIT).until(() -> queue.getJobState(job) == JobState.COMPLETED);

        assertThat(DaemonProcess.status(port, "/health/live")).isEqualTo(200);
        assertThat(DaemonProcess.get(port, "/metrics").body())
                .contains("drover_jobs_completed_total{name=\"" + CertificationApp.BATCH_JOB + "\",queue=\"certification\"}")
                .contains("drover_job_processing_seconds");

        first.process.destroy(); // SIGTERM
        assertThat(first.awaitExit(30)).as(first.output()).isZero();
    }

    @Test
    void badConfigurationIsOneClearLineAndANonZeroExit() throws Exception {
        Map<String, String> noRedis = new HashMap<>(env);
        noRedis.remove("REDIS_URL");
        assertOneLineFailure(noRedis, 2, "REDIS_URL");

        Map<String, String> badRetry = new HashMap<>(env);
        badRetry.put("BEDROCK_RETRY_ATTEMPTS", "lots");
        assertOneLineFailure(badRetry, 2, "BEDROCK_RETRY_ATTEMPTS must be an integer, got 'lots'");

        Map<String, String> deadRedis = new HashMap<>(env);
        int closed = FreePort.pick();
        deadRedis.put("REDIS_URL", "redis://127.0.0.1:" + closed);
        assertOneLineFailure(deadRedis, 3, "cannot reach Redis at 127.0.0.1:" + closed);
    }

    @Test
    void helpListsEveryOptionWithItsVariable() throws Exception {
        first = DaemonProcess.start(env, "run", "--help");

        assertThat(first.awaitExit(30)).isZero();
        assertThat(first.output()).contains("env REDIS_URL, required", "env BEDROCK_ENDPOINT",
                "env BEDROCK_REGION_RATE_PER_SECOND, default 5", "env CERTIFY_CONCURRENCY, default 4")
                .doesNotContain("DROVER_TEST");
    }

    private void assertOneLineFailure(Map<String, String> badEnv, int exitCode, String message) throws Exception {
        try (DaemonProcess p = DaemonProcess.start(badEnv, "run")) {
            assertThat(p.awaitExit(30)).as(p.output()).isEqualTo(exitCode);
            String firstLine = p.output().lines().filter(l -> !l.startsWith("WARNING")).findFirst().orElse("");
            assertThat(firstLine).startsWith("certification-worker run: ").contains(message);
            assertThat(p.output()).doesNotContain("Exception", "\tat ");
        }
    }
}
