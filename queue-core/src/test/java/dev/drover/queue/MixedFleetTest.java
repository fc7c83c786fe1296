package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeEvent;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Node and Drover workers on one queue: 10,000 jobs, each processed exactly once, no lock errors. */
@ExtendWith(RedisExtension.class)
class MixedFleetTest {

    private static final int JOBS = 10_000;

    @Test
    void nodeAndDroverWorkersShareAQueueAndEachJobRunsOnce(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        Map<String, AtomicInteger> droverRuns = new ConcurrentHashMap<>();
        try (NodeBullmq node = NodeBullmq.v6(); Queue q = new Queue("fleet", qo)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "fleet");
            NodeWorker nw = nq.startWorker(20);
            try (Worker w = new Worker("fleet", job -> droverRuns.computeIfAbsent(job.id(), k -> new AtomicInteger())
                    .incrementAndGet(), WorkerOptions.builder().concurrency(20).build(), qo).start()) {
                for (int i = 0; i < JOBS; i += 1000) {
                    int from = i;
                    q.addBulk(IntStream.range(from, from + 1000).mapToObj(n -> NewJob.of("n", n)).toList());
                }
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                        .until(() -> q.getJobCounts().get(JobState.COMPLETED) == JOBS);
            } finally {
                nw.close();
            }
            List<String> nodeIds = node.events().stream().filter(e -> "processed".equals(e.event()))
                    .map(NodeEvent::jobId).toList();
            List<String> all = new ArrayList<>(nodeIds);
            all.addAll(droverRuns.keySet());
            assertThat(droverRuns.values()).allMatch(n -> n.get() == 1);
            assertThat(Set.copyOf(all)).hasSize(JOBS);
            assertThat(all).hasSize(JOBS);
            assertThat(droverRuns).isNotEmpty();
            assertThat(nodeIds).isNotEmpty();
            assertThat(node.events()).noneMatch(e -> "error".equals(e.event()) || "failed".equals(e.event()));
            assertThat(q.getJobCounts()).containsEntry(JobState.ACTIVE, 0L).containsEntry(JobState.FAILED, 0L);
        }
    }
}
