package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * BullMQ's rules for finishing: a job with pending children cannot complete (a failed attempt), one with a failed
 * child cannot complete at all (failed at once), and {@code drained} means nothing waits, runs or is delayed.
 */
@ExtendWith(RedisExtension.class)
class FinishRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final QueueOptions qo;
    private final Queue q;
    private final Jedis jedis;
    private final String p;

    FinishRulesTest(TestRedis redis) {
        qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        q = new Queue("fin", qo);
        jedis = redis.jedis();
        p = redis.prefix() + ":fin:";
    }

    @AfterEach
    void close() {
        q.close();
        jedis.close();
    }

    private Worker worker(AtomicInteger runs) {
        return new Worker("fin", job -> "done " + runs.incrementAndGet(), WorkerOptions.builder()
                .drainDelay(Duration.ofMillis(200)).build(), qo).start();
    }

    private List<String> eventTypes() {
        return jedis.xrange(p + "events", "-", "+").stream().map(e -> e.getFields().get("event")).toList();
    }

    @Test
    void aJobWithPendingChildrenIsNotCompletedButFailsTheAttempt() {
        String id = q.add("parent", 1, JobOptions.builder().attempts(2).build());
        jedis.sadd(p + id + ":dependencies", p + "child-that-never-ran");
        AtomicInteger runs = new AtomicInteger();
        try (Worker w = worker(runs)) {
            await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.FAILED);
        }
        Job job = q.getJob(id).orElseThrow();
        assertThat(job.failedReason()).contains("Job " + id + " has pending dependencies. moveToFinished");
        assertThat(job.attemptsMade()).isEqualTo(2);
        assertThat(runs).hasValue(2);
        assertThat(jedis.hexists(p + id, "returnvalue")).isFalse();
        assertThat(eventTypes()).doesNotContain("completed");
    }

    @Test
    void aJobWithAFailedChildFailsAtOnceWhateverAttemptsRemain() {
        String id = q.add("parent", 1, JobOptions.builder().attempts(5).build());
        jedis.zadd(p + id + ":unsuccessful", 1, p + "broken-child");
        AtomicInteger runs = new AtomicInteger();
        try (Worker w = worker(runs)) {
            await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.FAILED);
        }
        assertThat(q.getJob(id).orElseThrow().failedReason())
                .contains("Cannot complete job " + id + " because it has at least one failed child. moveToFinished");
        assertThat(runs).hasValue(1);
    }

    @Test
    void drainedWaitsUntilNothingIsActiveOrDelayed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        String slow = q.add("slow", 1);
        try (Worker w = new Worker("fin", job -> {
            if (job.name().equals("slow")) release.await(30, TimeUnit.SECONDS);
            return "ok";
        }, WorkerOptions.builder().concurrency(2).drainDelay(Duration.ofMillis(200)).build(), qo).start()) {
            await().atMost(WAIT).until(() -> q.getJobState(slow) == JobState.ACTIVE);
            String fast = q.add("fast", 1);
            await().atMost(WAIT).until(() -> q.getJobState(fast) == JobState.COMPLETED);
            assertThat(eventTypes()).doesNotContain("drained"); // slow still runs
            String later = q.add("later", 1, JobOptions.builder().delay(60_000).build());
            release.countDown();
            await().atMost(WAIT).until(() -> q.getJobState(slow) == JobState.COMPLETED);
            assertThat(eventTypes()).doesNotContain("drained"); // a delayed job is pending, as BullMQ's rule has it
            q.remove(later);
            String last = q.add("last", 1);
            await().atMost(WAIT).until(() -> q.getJobState(last) == JobState.COMPLETED);
            await().atMost(WAIT).until(() -> eventTypes().contains("drained"));
        }
    }
}
