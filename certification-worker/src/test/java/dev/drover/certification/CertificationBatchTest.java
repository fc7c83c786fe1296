package dev.drover.certification;

import static dev.drover.db.generated.certification.Tables.AI_MODELS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOB_ITEMS;
import static dev.drover.db.generated.certification.Tables.MODEL_CERTIFICATIONS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.certification.batch.BatchPlan;
import dev.drover.db.generated.certification.enums.CertificationStatus;
import dev.drover.db.generated.certification.enums.JobStatus;
import dev.drover.testing.sim.bedrock.BedrockSimulator;
import java.time.Duration;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.queue.JobState;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batches end to end on a real Redis, Postgres and the Bedrock simulator: each job type, all four regions, exact
 * counters under queue-level retries, a batch added by Node bullmq. Pause, resume, cancel and bad payloads are in
 * {@link BatchControlTest} and {@link BadBatchTest}.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class CertificationBatchTest {

    static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String LLAMA = "meta.llama3-8b-instruct-v1:0";
    static final String TITAN = "amazon.titan-text-express-v1";
    static final String REGIONS4 = "[\"us-east-1\",\"us-west-2\",\"eu-west-1\",\"ap-southeast-2\"]";

    private static SimulatedBedrock bedrock;
    private CertificationHarness h;

    @BeforeAll
    static void startSimulator() {
        bedrock = new SimulatedBedrock(BedrockSimulator.startWithDefaultCatalog(), 2, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopSimulator() {
        bedrock.close();
    }

    @BeforeEach
    void start(TestRedis redis, TestDatabase db) {
        bedrock.reset();
        h = new CertificationHarness(redis, db, bedrock);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void singleModelInAllFourRegions() {
        String id = h.submit("{\"type\":\"SINGLE_MODEL\",\"regions\":" + REGIONS4 + ",\"modelIds\":[\"" + HAIKU
                + "\"],\"createdBy\":\"alice\",\"config\":{\"note\":\"t\"}}");

        JsonNode summary = h.awaitCompleted(id);

        assertThat(summary.path("total").asInt()).as(summary.toString()).isEqualTo(4);
        assertThat(summary.at("/outcomes/SUCCESS").asInt()).isEqualTo(4);
        assertThat(summary.at("/ratings/A").asInt()).isEqualTo(4);
        CertificationJobsRecord row = h.batchOf(id);
        assertCounters(row, 4, 4, 0);
        assertThat(row.getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(row.getCreatedBy()).isEqualTo("alice");
        assertThat(row.getConfig().data()).contains("note");
        assertThat(h.dsl.selectFrom(MODEL_CERTIFICATIONS).fetch())
                .extracting(r -> r.getRegion() + "/" + r.getStatus() + "/" + r.getRating())
                .containsExactlyInAnyOrder("us-east-1/COMPLETED/A", "us-west-2/COMPLETED/A",
                        "eu-west-1/COMPLETED/A", "ap-southeast-2/COMPLETED/A");
    }

    @Test
    void multipleModelsCountFailuresApart() {
        String id = h.submit("{\"type\":\"MULTIPLE_MODELS\",\"regions\":[\"us-east-1\",\"eu-west-1\"],"
                + "\"modelIds\":[\"" + HAIKU + "\",\"" + LLAMA + "\"]}");

        JsonNode summary = h.awaitCompleted(id);

        // Llama is not offered in eu-west-1: a failure, not passed, rating F
        assertThat(summary.at("/outcomes/SUCCESS").asInt()).isEqualTo(3);
        assertThat(summary.at("/outcomes/FAILURE").asInt()).isEqualTo(1);
        assertThat(summary.at("/ratings/F").asInt()).isEqualTo(1);
        assertCounters(h.batchOf(id), 4, 3, 1);
        assertThat(h.dsl.selectFrom(MODEL_CERTIFICATIONS).where(MODEL_CERTIFICATIONS.MODEL_ID.eq(LLAMA))
                .and(MODEL_CERTIFICATIONS.REGION.eq("eu-west-1")).fetchOne().getStatus())
                .isEqualTo(CertificationStatus.FAILED);
    }

    @Test
    void allModelsMeansEveryActiveModel() {
        h.dsl.update(AI_MODELS).set(AI_MODELS.ACTIVE, false).where(AI_MODELS.ID.eq(TITAN)).execute();
        int active = h.dsl.fetchCount(AI_MODELS, AI_MODELS.ACTIVE.isTrue());

        String id = h.submit("{\"type\":\"ALL_MODELS\",\"regions\":[\"us-east-1\"]}");

        JsonNode summary = h.awaitCompleted(id);
        assertThat(summary.get("total").asInt()).isEqualTo(active);
        CertificationJobsRecord row = h.batchOf(id);
        assertThat(row.getProcessedModels()).isEqualTo(active);
        assertThat(row.getModelIds()).hasSize(active).doesNotContain(TITAN);
    }

    @Test
    void recertifyTakesModelsAlreadyCertified() {
        String first = h.submit("{\"type\":\"SINGLE_MODEL\",\"regions\":[\"us-east-1\"],\"modelIds\":[\"" + LLAMA
                + "\"]}");
        h.awaitCompleted(first);

        String again = h.submit("{\"type\":\"RECERTIFY\",\"regions\":[\"us-east-1\",\"us-west-2\"]}");

        h.awaitCompleted(again);
        CertificationJobsRecord row = h.batchOf(again);
        assertThat(row.getModelIds()).containsExactly(LLAMA);
        assertCounters(row, 2, 2, 0);
        assertThat(h.dsl.fetchCount(MODEL_CERTIFICATIONS, MODEL_CERTIFICATIONS.CERTIFICATION_JOB_ID.eq(row.getId())))
                .isEqualTo(2);
    }

    @Test
    void countersAreExactWhenItemsAreRetriedAfterThrottling() {
        // 2 calls per operation in this config, so 3 throttles spoil the first run; the queue retries the item
        bedrock.sim.throttle("eu-west-1", HAIKU, 3);

        String id = h.submit("{\"type\":\"SINGLE_MODEL\",\"regions\":[\"us-east-1\",\"eu-west-1\"],"
                + "\"modelIds\":[\"" + HAIKU + "\"]}");

        h.awaitCompleted(id);
        CertificationJobsRecord row = h.batchOf(id);
        assertCounters(row, 2, 2, 0);
        assertThat(h.dsl.fetchCount(CERTIFICATION_JOB_ITEMS)).isEqualTo(2);
        String retried = new BatchPlan.Item(row.getId(), HAIKU, "eu-west-1").queueJobId();
        // BullMQ counts finished attempts: one failed (spoiled by throttling), one completed
        assertThat(h.queue.getJob(retried).orElseThrow().attemptsMade()).isEqualTo(2);
    }

    @Test
    void batchAddedByNodeBullmqCompletesOnDrover(TestRedis redis) {
        String id;
        try (NodeBullmq node = NodeBullmq.v6()) {
            id = node.queue(redis.url(), redis.prefix(), CertificationApp.QUEUE).add(CertificationApp.BATCH_JOB,
                    "{\"type\":\"SINGLE_MODEL\",\"regions\":[\"us-west-2\"],\"modelIds\":[\"" + HAIKU
                            + "\"],\"createdBy\":\"node-service\"}", "{}").id();
        }

        JsonNode summary = h.awaitCompleted(id);

        assertThat(summary.at("/outcomes/SUCCESS").asInt()).isEqualTo(1);
        assertThat(h.batchOf(id).getCreatedBy()).isEqualTo("node-service");
        assertThat(h.queue.getJobState("summary-" + id)).isEqualTo(JobState.COMPLETED);
    }

    static void assertCounters(CertificationJobsRecord row, int total, int success, int failure) {
        assertThat(row.getTotalModels()).isEqualTo(total);
        assertThat(row.getProcessedModels()).isEqualTo(total);
        assertThat(row.getSuccessCount()).isEqualTo(success);
        assertThat(row.getFailureCount()).isEqualTo(failure);
        assertThat(row.getCancelledCount()).isZero();
    }
}
