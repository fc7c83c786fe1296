package dev.drover.certification;

import static dev.drover.db.generated.certification.Tables.AI_MODELS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.db.generated.certification.enums.JobStatus;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisClusterExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.sim.bedrock.BedrockSimulator;
import dev.drover.testing.sim.bedrock.SimModel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code certification-worker run} as a real process pointed at a Redis Cluster by one URL naming a single node:
 * readiness (every master), the batch flow across its queues, and the Redisson region limiter all work there.
 */
@ExtendWith({RedisClusterExtension.class, PostgresExtension.class})
class CertificationOnClusterTest {

    @Test
    void certifiesABatchOnAClusterThroughOneNodesUrl(LocalRedisCluster cluster, TestDatabase db) throws Exception {
        String url = cluster.urlVia(cluster.processes().get(1));
        String prefix = "{cert-" + UUID.randomUUID().toString().substring(0, 8) + "}";
        int port = FreePort.pick();
        try (BedrockSimulator sim = BedrockSimulator.startWithDefaultCatalog();
             Database database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "test", 2);
             Queue queue = new Queue(CertificationApp.QUEUE, QueueOptions.builder().redisUrl(url).prefix(prefix)
                     .build())) {
            SimModel.defaultCatalog().forEach(m -> database.dsl().insertInto(AI_MODELS).set(AI_MODELS.ID, m.modelId())
                    .set(AI_MODELS.NAME, m.modelId()).set(AI_MODELS.PROVIDER, "sim").execute());
            Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", url, "DATABASE_URL", db.url(),
                    "QUEUE_PREFIX", prefix, "BEDROCK_ENDPOINT", sim.endpointTemplate(),
                    "BEDROCK_RUNTIME_ENDPOINT", sim.endpointTemplate(), "AWS_ACCESS_KEY_ID", "AKIDTEST",
                    "AWS_SECRET_ACCESS_KEY", "test-secret", "BEDROCK_RETRY_BACKOFF_MS", "10",
                    "HTTP_PORT", String.valueOf(port)));
            try (DaemonProcess d = DaemonProcess.start(env, "run")) {
                await().atMost(Duration.ofSeconds(90)).until(() -> DaemonProcess.status(port, "/health/ready") == 200);
                String job = queue.add(CertificationApp.BATCH_JOB, NodeBullmq.parse("{\"type\":\"SINGLE_MODEL\","
                        + "\"regions\":[\"us-east-1\",\"eu-west-1\"],\"modelIds\":[\"" + CertificationBatchTest.HAIKU
                        + "\"]}"));
                await().atMost(Duration.ofSeconds(90)).until(() -> queue.getJobState(job) == JobState.COMPLETED);
            }
            assertThat(database.dsl().selectFrom(CERTIFICATION_JOBS).fetchOne().getStatus())
                    .isEqualTo(JobStatus.COMPLETED);
        }
    }
}
