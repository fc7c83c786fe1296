package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** QueueAdmin reads queues made by Drover and by Node, lists connected workers of both, and repairs jobs. */
@ExtendWith(RedisExtension.class)
class QueueAdminTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void listsQueuesJobsAndWorkersOfDroverAndNode(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        try (NodeBullmq node = NodeBullmq.v6(); Queue dq = new Queue("drover-made", qo);
             QueueAdmin admin = new QueueAdmin(qo)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "node-made");
            nq.add("n", "{\"a\":1}", "{\"delay\":60000}");
            dq.add("d", 1);
            dq.pause();
            assertThat(admin.queueNames()).containsExactly("drover-made", "node-made");
            var summaries = admin.listQueues();
            assertThat(summaries.get(0).paused()).isTrue();
            assertThat(summaries.get(0).counts()).containsEntry(JobState.WAITING, 1L);
            assertThat(summaries.get(1).counts()).containsEntry(JobState.DELAYED, 1L);

            String delayedId = admin.jobs("node-made", JobState.DELAYED, 0, -1).get(0).id();
            admin.promote("node-made", delayedId);
            assertThat(nq.getJobState(delayedId)).isEqualTo("waiting");

            try (Worker w = new Worker("node-made", job -> { throw new IllegalStateException("boom"); },
                    WorkerOptions.builder().name("java-1").build(), qo).start();
                 NodeWorker nw = nq.startWorker(1, "{\"name\":\"node-1\",\"autorun\":false}", null)) {
                await().atMost(WAIT).until(() -> admin.jobState("node-made", delayedId) == JobState.FAILED);
                assertThat(admin.workers("node-made")).extracting(WorkerInfo::name).contains("java-1", "node-1");
                assertThat(nq.getWorkers().toString()).contains("java-1");
            }
            Job failed = admin.job("node-made", delayedId).orElseThrow();
            assertThat(failed.failedReason()).contains("boom");
            assertThat(failed.stacktrace()).hasSize(1);
            admin.retry("node-made", delayedId);
            assertThat(nq.getJobState(delayedId)).isEqualTo("waiting");
            assertThat(admin.remove("node-made", delayedId)).isTrue();
            assertThat(nq.getJob(delayedId)).isEmpty();
        }
    }
}
