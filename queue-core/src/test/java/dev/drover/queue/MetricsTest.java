package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testing.ManualClock;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * Per-minute metrics in BullMQ's layout: a Drover worker writes what Node's getMetrics reads, and a Node worker
 * writes what Drover's getMetrics reads. Minute boundaries are driven by a manual clock on the Drover side and by a
 * seeded {@code prevTS} on the Node side, so no test waits for a minute to pass.
 */
@ExtendWith(RedisExtension.class)
class MetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final TestRedis redis;

    MetricsTest(TestRedis redis) {
        this.redis = redis;
    }

    private static List<Long> data(JsonNode nodeMetrics) {
        List<Long> out = new ArrayList<>();
        nodeMetrics.path("data").forEach(n -> out.add(n.asLong()));
        return out;
    }

    private static void runOne(Queue q, String jobData, long completedBefore) {
        q.add("x", jobData);
        await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.COMPLETED)
                + q.getJobCounts().get(JobState.FAILED) == completedBefore + 1);
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void droverWorkerMetricsRollAtMinuteBoundariesAndNodeReadsThem(NodeBullmq.Version version) {
        long minute = Instant.now().toEpochMilli() / 60_000 * 60_000;
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(minute + 1_000));
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).clock(clock).build();
        try (NodeBullmq node = NodeBullmq.start(version); Queue q = new Queue("mt", qo);
             Worker w = new Worker("mt", job -> {
                 if (job.data().asText().equals("fail")) throw new UnrecoverableJobException("planned");
                 return "ok";
             }, WorkerOptions.builder().metricsDataPoints(10).build(), qo).start()) {
            long finished = 0;
            for (String d : List.of("ok", "ok", "fail", "ok")) runOne(q, d, finished++); // minute 0: 3 ok, 1 failed
            clock.advance(Duration.ofSeconds(61));
            for (String d : List.of("ok", "ok")) runOne(q, d, finished++); // minute 1: 2 ok
            clock.advance(Duration.ofMinutes(3));
            runOne(q, "ok", finished++); // minute 4 opens; minutes 2 and 3 had none
            clock.advance(Duration.ofMinutes(20)); // beyond maxDataPoints: 10 points kept
            runOne(q, "fail", finished);

            Metrics completed = q.getMetrics(MetricsType.COMPLETED, 0, -1);
            assertThat(completed.count()).isEqualTo(6);
            assertThat(completed.perMinute()).containsExactly(0L, 0L, 2L, 3L);
            Metrics failed = q.getMetrics(MetricsType.FAILED, 0, -1);
            assertThat(failed.count()).isEqualTo(2);
            assertThat(failed.perMinute()).hasSize(10).startsWith(0L).endsWith(1L);
            assertThat(failed.perMinute().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);

            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "mt");
            JsonNode nodeCompleted = nq.getMetrics("completed", 0, -1);
            assertThat(nodeCompleted.path("meta").path("count").asLong()).isEqualTo(completed.count());
            assertThat(data(nodeCompleted)).isEqualTo(completed.perMinute());
            assertThat(nodeCompleted.path("count").asLong()).isEqualTo(4); // data points
            assertThat(data(nq.getMetrics("failed", 0, -1))).isEqualTo(failed.perMinute());
            assertThat(data(nq.getMetrics("completed", 1, 2))).isEqualTo(q.getMetrics(MetricsType.COMPLETED, 1, 2)
                    .perMinute()).containsExactly(0L, 2L);
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void nodeWorkerMetricsReadByDrover(NodeBullmq.Version version) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        String key = redis.prefix() + ":nm:metrics:completed";
        long twoMinutesAgo = (System.currentTimeMillis() / 60_000 - 2) * 60_000 + 30_000;
        try (NodeBullmq node = NodeBullmq.start(version); Queue q = new Queue("nm", qo); Jedis jedis = redis.jedis();
             QueueAdmin admin = new QueueAdmin(qo)) {
            // five jobs counted in a minute two minutes back: the Node worker's next completion closes that minute
            jedis.hset(key, Map.of("count", "5", "prevTS", String.valueOf(twoMinutesAgo), "prevCount", "0"));
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "nm");
            try (NodeWorker nw = nq.startWorker(1, "{\"metrics\":true}", null)) {
                String id = nq.add("x", "{}", null).id();
                nw.awaitProcessed(id, WAIT);
                await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.COMPLETED);
            }
            Metrics m = q.getMetrics(MetricsType.COMPLETED, 0, -1);
            assertThat(m.count()).isEqualTo(6);
            // the closed minute holds the five; each minute since then (one, or two if the clock just rolled) is 0
            assertThat(m.perMinute()).last().isEqualTo(5L);
            assertThat(m.perMinute().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
            JsonNode nodeView = nq.getMetrics("completed", 0, -1);
            assertThat(data(nodeView)).isEqualTo(m.perMinute());
            assertThat(nodeView.path("meta").path("count").asLong()).isEqualTo(m.count());
            assertThat(admin.metrics("nm", "completed", 0, -1)).isEqualTo(m);
        }
    }
}
