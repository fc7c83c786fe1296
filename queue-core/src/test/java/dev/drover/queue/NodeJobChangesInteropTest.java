package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeEvent;
import dev.drover.testing.bullmq.NodeJob;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * changeDelay, changePriority and updateData made on one side are read and obeyed by the other (bullmq 5.x and 6.x).
 * Each test builds the same queue: a, b waiting, c priority 1, d delayed an hour; then a gets priority 2, b new data
 * and d delay 0. One worker at a time must then run b (wait, oldest), d (promoted into wait at the first fetch), c
 * and a (prioritized, 1 before 2).
 */
@ExtendWith(RedisExtension.class)
class NodeJobChangesInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String QUEUE = "changes";
    private final TestRedis redis;
    private final QueueOptions qo;

    NodeJobChangesInteropTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void droverChangesNodeReadsAndProcessesInOrder(NodeBullmq.Version version) {
        try (NodeBullmq node = NodeBullmq.start(version); Queue q = new Queue(QUEUE, qo)) {
            String a = q.add("a", Map.of("n", 1));
            String b = q.add("b", Map.of("n", 2));
            String c = q.add("c", Map.of("n", 3), JobOptions.builder().priority(1).build());
            String d = q.add("d", Map.of("n", 4), JobOptions.builder().delay(3_600_000).build());
            q.changePriority(a, 2, false);
            q.updateData(b, Map.of("n", 99));
            q.changeDelay(d, Duration.ZERO);

            NodeQueue nq = node.queue(redis.url(), redis.prefix(), QUEUE);
            assertThat(nq.getJob(a).orElseThrow().priority()).isEqualTo(2);
            assertThat(nq.getJobState(a)).isEqualTo("prioritized");
            assertThat(nq.getJob(b).orElseThrow().data().path("n").asInt()).isEqualTo(99);
            assertThat(nq.getJob(d).orElseThrow().delay()).isZero();
            assertThat(nq.getJobState(d)).isEqualTo("delayed");
            try (NodeWorker nw = nq.startWorker(1)) {
                List<String> order = nw.awaitProcessedCount(4, WAIT).stream().map(NodeEvent::jobId).toList();
                assertThat(order).containsExactly(b, d, c, a);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void nodeChangesDroverReadsAndProcessesInOrder(NodeBullmq.Version version) {
        try (NodeBullmq node = NodeBullmq.start(version); Queue q = new Queue(QUEUE, qo)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), QUEUE);
            String a = nq.add("a", "{\"n\":1}", null).id();
            String b = nq.add("b", "{\"n\":2}", null).id();
            String c = nq.add("c", "{\"n\":3}", "{\"priority\":1}").id();
            NodeJob d = nq.add("d", "{\"n\":4}", "{\"delay\":3600000}");
            nq.callJob(a, "changePriority", Map.of("priority", 2));
            nq.callJob(b, "updateData", Map.of("n", 99));
            nq.callJob(d.id(), "changeDelay", 0);

            assertThat(q.getJob(a).orElseThrow().priority()).isEqualTo(2);
            assertThat(q.getJobState(a)).isEqualTo(JobState.PRIORITIZED);
            assertThat(q.getJob(b).orElseThrow().data().path("n").asInt()).isEqualTo(99);
            Job delayed = q.getJob(d.id()).orElseThrow();
            assertThat(delayed.delay()).isZero();
            assertThat(delayed.getState()).isEqualTo(JobState.DELAYED);
            List<String> order = new CopyOnWriteArrayList<>();
            try (Worker w = new Worker(QUEUE, job -> order.add(job.id()), WorkerOptions.DEFAULTS, qo).start()) {
                await().atMost(WAIT).until(() -> order.size() == 4);
            }
            assertThat(order).containsExactly(b, d.id(), c, a);
        }
    }
}
