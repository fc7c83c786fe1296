package dev.drover.certification;

import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static dev.drover.db.generated.certification.Tables.MODEL_CERTIFICATIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.certification.batch.BatchPlan;
import dev.drover.daemon.DaemonCli;
import dev.drover.db.generated.certification.enums.CertificationJobType;
import dev.drover.db.generated.certification.enums.CertificationStatus;
import dev.drover.db.generated.certification.enums.JobStatus;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.queue.JobState;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's verbs through the launcher's subcommands ({@code submit}, {@code status}, {@code pause},
 * {@code resume}, {@code cancel}) against an in-process worker. A batch is made PAUSED before its items exist (a row
 * the caller inserted, paused, then adopted by {@code certificationJobId}) so that the test does not race them.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class BatchControlTest {

    private static final String HAIKU = CertificationBatchTest.HAIKU;

    private static SimulatedBedrock bedrock;
    private CertificationHarness h;
    private Map<String, String> env;

    @BeforeAll
    static void startSimulator() {
        bedrock = new SimulatedBedrock();
    }

    @AfterAll
    static void stopSimulator() {
        bedrock.close();
    }

    @BeforeEach
    void start(TestRedis redis, TestDatabase db) {
        bedrock.reset();
        h = new CertificationHarness(redis, db, bedrock);
        env = Map.of("REDIS_URL", redis.url(), "DATABASE_URL", db.url(), "QUEUE_PREFIX", redis.prefix());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void pausedBatchHoldsItsItemsUntilResumed() {
        UUID id = pausedBatchWithItemsDelayed();
        assertThat(cli("status", id.toString()).out).contains("PAUSED", "progress   0/2");
        assertThat(h.dsl.fetchValue(MODEL_CERTIFICATIONS.STATUS, MODEL_CERTIFICATIONS.MODEL_ID.eq(HAIKU)
                .and(MODEL_CERTIFICATIONS.REGION.eq("us-east-1")))).isEqualTo(CertificationStatus.QUEUED);

        assertThat(cli("resume", id.toString()).code).isZero();

        JsonNode summary = h.awaitCompleted(h.batch(id).getQueueJobId());
        assertThat(summary.at("/outcomes/SUCCESS").asInt()).isEqualTo(2);
        CertificationBatchTest.assertCounters(h.batch(id), 2, 2, 0);
        assertThat(cli("status", id.toString()).out).contains("COMPLETED", "progress   2/2");
        Cli again = cli("pause", id.toString());
        assertThat(again.code).isEqualTo(1);
        assertThat(again.err).contains("cannot pause a COMPLETED batch");
    }

    @Test
    void cancelledBatchSettlesItsItemsAsCancelledNotFailed() {
        UUID id = pausedBatchWithItemsDelayed();

        assertThat(cli("cancel", id.toString()).code).isZero();

        JsonNode summary = h.awaitCompleted(h.batch(id).getQueueJobId());
        assertThat(summary.at("/outcomes/CANCELLED").asInt()).isEqualTo(2);
        assertThat(summary.get("status").asText()).isEqualTo("CANCELLED");
        CertificationJobsRecord row = h.batch(id);
        assertThat(row.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(row.getProcessedModels()).isEqualTo(2);
        assertThat(row.getCancelledCount()).isEqualTo(2);
        assertThat(row.getFailureCount()).isZero();
        assertThat(h.dsl.selectFrom(MODEL_CERTIFICATIONS).fetch(MODEL_CERTIFICATIONS.STATUS))
                .containsOnly(CertificationStatus.CANCELLED);
        assertThat(bedrock.sim.requests()).isEmpty();
    }

    @Test
    void submitFromTheTerminalRunsTheBatch() {
        Cli submitted = cli("submit", "--type", "SINGLE_MODEL", "--regions", "us-east-1,eu-west-1", "--models", HAIKU,
                "--created-by", "ops");
        assertThat(submitted.code).as(submitted.err).isZero();
        String jobId = submitted.out.strip();

        h.awaitCompleted(jobId);

        assertThat(cli("status", jobId).out).contains("COMPLETED", "progress   2/2 (success 2");
        assertThat(h.batchOf(jobId).getCreatedBy()).isEqualTo("ops");
    }

    @Test
    void submitRejectsABadRequestWithOneLine() {
        Cli bad = cli("submit", "--type", "EVERYTHING", "--regions", "us-east-1");

        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err.strip()).doesNotContain("\n")
                .startsWith("certification-worker submit: unknown certification type 'EVERYTHING'");
        assertThat(h.queue.getJobCounts().values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    @Test
    void unknownBatchIsReported() {
        Cli missing = cli("status", UUID.randomUUID().toString());

        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).contains("no certification job");
    }

    /** A two-item batch whose row was inserted, paused from the CLI, then adopted; its items wait in delayed. */
    private UUID pausedBatchWithItemsDelayed() {
        UUID id = h.dsl.insertInto(CERTIFICATION_JOBS).set(CERTIFICATION_JOBS.TYPE, CertificationJobType.SINGLE_MODEL)
                .set(CERTIFICATION_JOBS.REGIONS, new String[] {"us-east-1"})
                .returning(CERTIFICATION_JOBS.ID).fetchOne(CERTIFICATION_JOBS.ID);
        assertThat(cli("pause", id.toString()).code).isZero();
        h.submit("{\"type\":\"SINGLE_MODEL\",\"regions\":[\"us-east-1\",\"us-west-2\"],\"modelIds\":[\"" + HAIKU
                + "\"],\"certificationJobId\":\"" + id + "\"}");
        BatchPlan plan = new BatchPlan(id, "", List.of(HAIKU), List.of("us-east-1", "us-west-2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> plan.items().stream()
                .allMatch(i -> h.queue.getJobState(i.queueJobId()) == JobState.DELAYED));
        return id;
    }

    private Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DaemonCli.execute(new CertificationWorkerMain(), env, new PrintWriter(out, true),
                new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }

    private record Cli(int code, String out, String err) {
    }
}
