package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.Behave;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeJob;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Node pause/resume/retry/clean on Drover-made state, and Drover's on Node-made state (bullmq 5.x and 6.x). */
@ExtendWith(RedisExtension.class)
class NodeOperationsInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final TestRedis redis;
    private final QueueOptions qo;

    NodeOperationsInteropTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void nodeOperatesOnDroverState(NodeBullmq.Version version) {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        try (NodeBullmq node = NodeBullmq.start(version); Queue q = new Queue("ops", qo)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "ops");
            String a = q.add("x", 1);
            nq.pause();
            assertThat(q.isPaused()).isTrue();
            String b = q.add("x", 2);
            try (Worker w = new Worker("ops", job -> {
                if (runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet() == 1) {
                    throw new IllegalStateException("first run fails");
                }
                return "second run ok";
            }, WorkerOptions.builder().drainDelay(Duration.ofMillis(200)).build(), qo).start()) {
                await().during(Duration.ofMillis(600)).atMost(WAIT).until(runs::isEmpty);
                nq.resume();
                await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.FAILED) == 2);
                nq.retryJobs("{\"state\":\"failed\"}");
                await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.COMPLETED) == 2);
            }
            assertThat(q.getJob(a).orElseThrow().returnValue().asText()).isEqualTo("second run ok");
            assertThat(nq.clean(0, 10, "completed")).containsExactlyInAnyOrder(a, b);
            assertThat(q.getJobCounts().get(JobState.COMPLETED)).isZero();
            assertThat(q.getJob(a)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void droverOperatesOnNodeState(NodeBullmq.Version version) {
        try (NodeBullmq node = NodeBullmq.start(version); Queue q = new Queue("ops", qo)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "ops");
            NodeJob failing = nq.add("x", Behave.create().fail("once").failAttempts(1).asData().toString(), null);
            try (NodeWorker nw = nq.startWorker(1)) {
                nw.awaitFailed(failing.id(), 1, WAIT);
                await().atMost(WAIT).until(() -> q.getJobState(failing.id()) == JobState.FAILED);
                q.pause();
                NodeJob held = nq.add("x", Behave.create().asData().toString(), null);
                q.retryJobs(JobState.FAILED);
                await().during(Duration.ofMillis(600)).atMost(WAIT)
                        .until(() -> q.getJobState(held.id()) == JobState.WAITING // v6 adds to wait
                                || q.getJobState(held.id()) == JobState.PAUSED); // v5 adds to paused
                q.resume();
                nw.awaitProcessed(failing.id(), WAIT);
                nw.awaitProcessed(held.id(), WAIT);
            }
            assertThat(nq.getJobState(failing.id())).isEqualTo("completed");
            assertThat(q.clean(JobState.COMPLETED, Duration.ZERO, 0)).hasSize(2);
            assertThat(nq.getJobCounts()).containsEntry("completed", 0L);
        }
    }
}
