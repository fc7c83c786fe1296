package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * The edge rules of docs/compatibility.md, each run once through Node bullmq (5.x and 6.x) on queues {@code n-*}
 * and once through Drover on queues {@code d-*} from the same Drover-made start, then compared key by key
 * ({@link QueueDump}): removing flow children, draining and cleaning them, failing a job on its deferred failure,
 * refusing to complete a job with pending children, re-adding a completed child to a new flow.
 */
@ExtendWith(RedisExtension.class)
class NodeEdgeRulesInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Keys a worker's own timing decides (the stalled check's gate and set, the wake-up marker). */
    private static final String[] WORKER_TIMING = {"stalled-check", "stalled", "marker"};
    private final TestRedis redis;
    private final QueueOptions qo;
    private final Jedis jedis;

    NodeEdgeRulesInteropTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        this.jedis = redis.jedis();
    }

    @AfterEach
    void close() {
        jedis.close();
    }

    /** Sets up both sides' queues the same way with Drover. */
    private void onBothSides(Consumer<String> setup) {
        setup.accept("n");
        setup.accept("d");
    }

    private void flow(String side, String parentQueue, String parentId, String... kids) {
        try (FlowProducer flows = new FlowProducer(qo)) {
            flows.add(FlowJob.of(side + "-" + parentQueue, "parent", Map.of())
                    .withOpts(JobOptions.builder().jobId(parentId).build())
                    .withChildren(List.of(kids).stream().map(k -> FlowJob.of(side + "-kids", "kid", Map.of())
                            .withOpts(JobOptions.builder().jobId(k).build())).toList()));
        }
    }

    private void assertSameState(List<String> queues, String... skip) {
        for (String queue : queues) {
            assertThat(QueueDump.of(jedis, redis.prefix(), "d", queue, skip)).as("queue " + queue)
                    .isEqualTo(QueueDump.of(jedis, redis.prefix(), "n", queue, skip));
        }
    }

    private NodeQueue nodeQueue(NodeBullmq node, String name) {
        return node.queue(redis.url(), redis.prefix(), "n-" + name);
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void removingDrainingAndCleaningFlowChildren(NodeBullmq.Version version) {
        onBothSides(side -> {
            flow(side, "parents", "removed-from", "r1", "r2");
            flow(side, "parents", "drained-from", "d1");
            flow(side, "kids", "same-queue", "d2");
            flow(side, "parents", "whole", "w1"); // one child: a set's iteration order differs between queues
        });
        try (NodeBullmq node = NodeBullmq.start(version); Queue dk = new Queue("d-kids", qo);
             Queue dp = new Queue("d-parents", qo)) {
            NodeQueue nk = nodeQueue(node, "kids");
            nk.call("remove", "r1");
            nk.call("remove", "r2");
            dk.remove("r1");
            dk.remove("r2");
            nodeQueue(node, "parents").call("remove", "whole");
            dp.remove("whole");
            nk.drain(false);
            dk.drain(false);
        }
        assertSameState(List.of("parents", "kids"));
        onBothSides(side -> flow(side, "parents", "cleaned-from", "c1"));
        try (NodeBullmq node = NodeBullmq.start(version); Queue dk = new Queue("d-kids", qo)) {
            nodeQueue(node, "kids").clean(0, 0, "wait");
            dk.clean(JobState.WAITING, Duration.ZERO, 0);
        }
        assertSameState(List.of("parents", "kids"));
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void workersFailADeferredFailureOnceAndRefuseToCompleteAJobWithPendingChildren(NodeBullmq.Version version) {
        onBothSides(side -> {
            try (Queue q = new Queue(side + "-work", qo)) {
                q.add("stalled-out", Map.of(), JobOptions.builder().jobId("defa").build());
                q.add("parent", Map.of(), JobOptions.builder().jobId("pending").build());
                q.add("parent", Map.of(), JobOptions.builder().jobId("child-failed").attempts(3).build());
            }
            String p = redis.prefix() + ":" + side + "-work:";
            jedis.hset(p + "defa", "defa", "job stalled more than allowable limit");
            jedis.sadd(p + "pending:dependencies", p + "never-ran");
            jedis.zadd(p + "child-failed:unsuccessful", 1, p + "broken");
        });
        try (NodeBullmq node = NodeBullmq.start(version); Queue dq = new Queue("d-work", qo);
             NodeWorker nw = nodeQueue(node, "work").startWorker(1)) {
            await().atMost(WAIT).until(() -> nodeQueue(node, "work").getJobCounts("failed").get("failed") == 3);
            try (Worker dw = new Worker("d-work", job -> null, WorkerOptions.DEFAULTS, qo).start()) {
                await().atMost(WAIT).until(() -> dq.getJobCounts().get(JobState.FAILED) == 3);
            }
        }
        assertSameState(List.of("work"), WORKER_TIMING);
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void retryingFailedJobsOneByOneAndInBulk(NodeBullmq.Version version) {
        onBothSides(side -> {
            try (Queue q = new Queue(side + "-retry", qo)) {
                q.add("x", Map.of(), JobOptions.builder().jobId("prio").priority(2).build());
                q.add("x", Map.of(), JobOptions.builder().jobId("lifo").lifo(true).build());
                q.add("x", Map.of(), JobOptions.builder().jobId("plain").build());
                q.add("x", Map.of(), JobOptions.builder().jobId("single").lifo(true).build());
                try (Worker w = new Worker(side + "-retry", job -> { throw new IllegalStateException("no"); },
                        WorkerOptions.DEFAULTS, qo).start()) {
                    await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.FAILED) == 4);
                }
            }
        });
        try (NodeBullmq node = NodeBullmq.start(version); Queue dq = new Queue("d-retry", qo)) {
            NodeQueue nq = nodeQueue(node, "retry");
            nq.callJob("single", "retry", "failed");
            dq.retryJob("single");
            nq.retryJobs("{\"state\":\"failed\"}");
            dq.retryJobs(JobState.FAILED);
        }
        assertSameState(List.of("retry"), WORKER_TIMING);
    }

    @org.junit.jupiter.api.Test
    void aDeduplicationKeyWhoseJobIsGoneIsFreeAsInBullmq6() {
        onBothSides(side -> {
            try (Queue q = new Queue(side + "-dedup", qo)) {
                String gone = q.add("x", 1, JobOptions.builder().jobId("gone")
                        .deduplication(Deduplication.untilFinished("k")).build());
                jedis.del(redis.prefix() + ":" + side + "-dedup:" + gone); // deleted without releasing its key
                jedis.lrem(redis.prefix() + ":" + side + "-dedup:wait", 0, gone);
            }
        });
        try (NodeBullmq node = NodeBullmq.v6(); Queue dq = new Queue("d-dedup", qo)) {
            nodeQueue(node, "dedup").add("x", "{}", "{\"jobId\":\"fresh\",\"deduplication\":{\"id\":\"k\"}}");
            dq.add("x", Map.of(), JobOptions.builder().jobId("fresh").deduplication(Deduplication.untilFinished("k"))
                    .build());
        }
        // the jobs themselves were written by different clients: compare what deduplication did
        for (String side : List.of("n", "d")) {
            assertThat(jedis.get(redis.prefix() + ":" + side + "-dedup:de:k")).as(side).isEqualTo("fresh");
            assertThat(jedis.lrange(redis.prefix() + ":" + side + "-dedup:wait", 0, -1)).as(side).containsExactly("fresh");
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void aCompletedChildReAddedToANewFlowCountsAtOnce(NodeBullmq.Version version) {
        onBothSides(side -> {
            try (Queue kids = new Queue(side + "-kids", qo)) {
                kids.add("kid", Map.of(), JobOptions.builder().jobId("done").build());
                try (Worker w = new Worker(side + "-kids", job -> "kid result", WorkerOptions.DEFAULTS, qo).start()) {
                    await().atMost(WAIT).until(() -> kids.getJobState("done") == JobState.COMPLETED);
                }
            }
        });
        try (NodeBullmq node = NodeBullmq.start(version)) {
            node.flowProducer(redis.url(), redis.prefix()).add("{\"name\":\"parent\",\"queueName\":\"n-parents\","
                    + "\"opts\":{\"jobId\":\"p\"},\"children\":[{\"name\":\"kid\",\"queueName\":\"n-kids\","
                    + "\"opts\":{\"jobId\":\"done\"}}]}");
        }
        flow("d", "parents", "p", "done");
        // the parents were added by different clients: compare what the re-added child did, not their opts
        for (String side : List.of("n", "d")) {
            String parent = redis.prefix() + ":" + side + "-parents:p";
            assertThat(jedis.lrange(redis.prefix() + ":" + side + "-parents:wait", 0, -1)).as(side).containsExactly("p");
            assertThat(jedis.hgetAll(parent + ":processed")).as(side)
                    .containsOnlyKeys(redis.prefix() + ":" + side + "-kids:done").containsValue("\"kid result\"");
            assertThat(jedis.exists(parent + ":dependencies")).as(side).isFalse();
            assertThat(jedis.hget(redis.prefix() + ":" + side + "-kids:done", "parentKey")).isEqualTo(parent);
        }
        assertSameState(List.of("kids"), WORKER_TIMING);
    }
}
