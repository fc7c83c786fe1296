package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** The rate limiter (worker's own and global via meta), the rate-limit outcome, and per-minute metrics. */
@ExtendWith(RedisExtension.class)
class RateLimitAndMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final TestRedis redis;
    private final QueueOptions qo;

    RateLimitAndMetricsTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
    }

    private static long span(List<Long> times) {
        return Collections.max(times) - Collections.min(times);
    }

    @Test
    void workerLimiterStartsAtMostMaxJobsPerDuration() {
        List<Long> started = Collections.synchronizedList(new ArrayList<>());
        try (Queue q = new Queue("rl", qo); Worker w = new Worker("rl", job -> started.add(System.currentTimeMillis()),
                WorkerOptions.builder().concurrency(4).limiter(new RateLimit(2, Duration.ofMillis(500))).build(),
                qo).start()) {
            for (int i = 0; i < 6; i++) q.add("x", i);
            await().atMost(WAIT).until(() -> started.size() == 6);
        }
        assertThat(span(started)).isGreaterThanOrEqualTo(900);
    }

    @Test
    void globalLimitFromQueueMetaAppliesToEveryWorker() {
        List<Long> started = Collections.synchronizedList(new ArrayList<>());
        try (Queue q = new Queue("grl", qo); Jedis jedis = redis.jedis()) {
            jedis.hset(redis.prefix() + ":grl:meta", Map.of("max", "1", "duration", "400"));
            try (Worker w = new Worker("grl", job -> started.add(System.currentTimeMillis()),
                    WorkerOptions.builder().concurrency(4).build(), qo).start()) {
                for (int i = 0; i < 4; i++) q.add("x", i);
                await().atMost(WAIT).until(() -> started.size() == 4);
            }
        }
        assertThat(span(started)).isGreaterThanOrEqualTo(1100);
    }

    @Test
    void rateLimitedOutcomeRequeuesWithoutCountingAnAttempt() {
        try (Queue q = new Queue("rlo", qo); Jedis jedis = redis.jedis()) {
            List<Long> runs = Collections.synchronizedList(new ArrayList<>());
            String id = q.add("x", 1);
            try (Worker w = new Worker("rlo", job -> {
                runs.add(System.currentTimeMillis());
                return runs.size() == 1 ? JobOutcome.rateLimited(Duration.ofMillis(500)) : "ok";
            }, WorkerOptions.DEFAULTS, qo).start()) {
                await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.COMPLETED);
            }
            assertThat(span(runs)).isGreaterThanOrEqualTo(400);
            assertThat(q.getJob(id).orElseThrow().attemptsMade()).isEqualTo(1);
        }
    }

    @Test
    void metricsCountFinishedJobsInBullmqLayoutReadableByNodeAndAdmin() {
        try (Queue q = new Queue("m", qo); Jedis jedis = redis.jedis(); QueueAdmin admin = new QueueAdmin(qo);
             NodeBullmq node = NodeBullmq.v6()) {
            try (Worker w = new Worker("m", job -> {
                if (job.data().asInt() == 0) throw new UnrecoverableJobException("zero");
                return "ok";
            }, WorkerOptions.builder().metricsDataPoints(60).build(), qo).start()) {
                for (int i = 0; i < 4; i++) q.add("x", i);
                await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.COMPLETED) == 3
                        && q.getJobCounts().get(JobState.FAILED) == 1);
            }
            String key = redis.prefix() + ":m:metrics:completed";
            assertThat(jedis.hget(key, "count")).isEqualTo("3");
            assertThat(jedis.hget(key, "prevTS")).isNotNull();
            assertThat(jedis.hget(redis.prefix() + ":m:metrics:failed", "count")).isEqualTo("1");
            assertThat(admin.metrics("m", "completed", 0, -1).count()).isEqualTo(3);
            var nodeMetrics = node.queue(redis.url(), redis.prefix(), "m").getMetrics("completed", 0, -1);
            assertThat(nodeMetrics.path("meta").path("count").asLong()).isEqualTo(3);
        }
    }
}
