package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * {@code defa} (deferred failure) is a one-shot, as in BullMQ: the pickup it fails drops it, so a retried job runs,
 * whether it stalled out or is a flow parent failed by a child.
 */
@ExtendWith(RedisExtension.class)
class DeferredFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String STALLED_OUT = "job stalled more than allowable limit";
    private final TestRedis redis;
    private final QueueOptions qo;
    private final Queue q;
    private final Jedis jedis;
    private final String p;
    private final AtomicInteger runs = new AtomicInteger();

    DeferredFailureTest(TestRedis redis) {
        this.redis = redis;
        qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        q = new Queue("defa", qo);
        jedis = redis.jedis();
        p = redis.prefix() + ":defa:";
    }

    @AfterEach
    void close() {
        q.close();
        jedis.close();
    }

    private Worker worker() {
        return new Worker("defa", job -> "ran " + runs.incrementAndGet(), WorkerOptions.builder()
                .drainDelay(Duration.ofMillis(200)).build(), qo).start();
    }

    /** A job the stalled check marked (as BullMQ's does) for failure on its next pickup. */
    private String stalledOut(String id) {
        q.add("x", 1, JobOptions.builder().jobId(id).build());
        jedis.hset(p + id, Map.of("defa", STALLED_OUT, "stc", "2"));
        return id;
    }

    @Test
    void aJobFailedOnItsDeferredFailureRunsWhenRetried() {
        String id = stalledOut("one");
        try (Worker w = worker()) {
            await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.FAILED);
            assertThat(q.getJob(id).orElseThrow().failedReason()).contains(STALLED_OUT);
            assertThat(jedis.hexists(p + id, "defa")).isFalse();
            assertThat(runs).hasValue(0);
            q.retryJob(id);
            await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.COMPLETED);
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void bulkRetryRunsThemToo() {
        List<String> ids = List.of(stalledOut("a"), stalledOut("b"));
        try (Worker w = worker()) {
            await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.FAILED) == 2);
            q.retryJobs(JobState.FAILED);
            await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.COMPLETED) == 2);
        }
        assertThat(ids).allMatch(id -> !jedis.hexists(p + id, "defa"));
        assertThat(runs).hasValue(2);
    }

    @Test
    void aRetryDropsADeferredFailureLeftOnAFinishedJob() {
        // as older Drover versions left failed jobs: in `failed` and still carrying defa
        String id = stalledOut("old");
        jedis.lrem(p + "wait", 0, id);
        jedis.zadd(p + "failed", 1, id);
        jedis.hset(p + id, Map.of("failedReason", STALLED_OUT, "finishedOn", "1"));
        q.retryJob(id);
        assertThat(jedis.hexists(p + id, "defa")).isFalse();
        try (Worker w = worker()) {
            await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.COMPLETED);
        }
    }

    @Test
    void aFlowParentFailedByAChildRunsOnceRetriedAfterTheChild() {
        AtomicInteger childRuns = new AtomicInteger();
        FlowJob child = FlowJob.of("defa-kids", "kid", Map.of()).withOpts(JobOptions.builder().jobId("kid")
                .parentFailurePolicy(ParentFailurePolicy.FAIL_PARENT).build());
        try (FlowProducer flows = new FlowProducer(qo);
             Worker kids = new Worker("defa-kids", job -> {
                 if (childRuns.incrementAndGet() == 1) throw new UnrecoverableJobException("first try breaks");
                 return "kid ok";
             }, WorkerOptions.builder().drainDelay(Duration.ofMillis(200)).build(), qo).start();
             Worker parents = worker();
             Queue kidQueue = new Queue("defa-kids", qo)) {
            flows.add(FlowJob.of("defa", "parent", Map.of()).withOpts(JobOptions.builder().jobId("parent").build())
                    .withChildren(List.of(child)));
            await().atMost(WAIT).until(() -> q.getJobState("parent") == JobState.FAILED);
            assertThat(jedis.hexists(p + "parent", "defa")).isFalse();
            kidQueue.retryJob("kid");
            await().atMost(WAIT).until(() -> kidQueue.getJobState("kid") == JobState.COMPLETED);
            q.retryJob("parent");
            await().atMost(WAIT).until(() -> q.getJobState("parent") == JobState.COMPLETED);
        }
        assertThat(q.getJob("parent").orElseThrow().childrenValues()).containsValue(
                com.fasterxml.jackson.databind.node.TextNode.valueOf("kid ok"));
    }
}
