package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisClusterExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import java.time.Duration;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent daemon pointed at a Redis Cluster by one URL naming a single node: its readiness check, job queue,
 * heartbeats and submitter all reach the shard serving the hash-tagged prefix; a job runs and is billed once.
 */
@ExtendWith({RedisClusterExtension.class, PostgresExtension.class})
class GpuAgentOnClusterTest {

    @Test
    void runsAndBillsAJobOnACluster(LocalRedisCluster cluster, TestDatabase db) {
        TestRedis onCluster = new TestRedis(cluster.urlVia(cluster.processes().get(2)),
                "{gpu-" + UUID.randomUUID().toString().substring(0, 8) + "}", null);
        DSLContext dsl = GpuRows.dsl(db);
        try (FakeNvidiaSmi smi = FakeNvidiaSmi.install(); Agents agents = new Agents(onCluster, db);
             GpuJobs jobs = agents.jobs(dsl)) {
            agents.start("cluster-agent", smi.path().toString());
            UUID user = GpuRows.user(dsl, "1000");
            UUID id = jobs.submit(JobRequest.training(user, Agents.H100, Duration.ofMinutes(1), "sh", "-c",
                    "echo on-cluster")).id();
            await().atMost(Duration.ofSeconds(60)).until(() -> Agents.row(dsl, id).getStatus() == JobStatus.COMPLETED);
            Agents.assertBalanced(dsl, id, user);
            assertThat(Agents.row(dsl, id).getAttempts()).isEqualTo(1);
        }
    }
}
