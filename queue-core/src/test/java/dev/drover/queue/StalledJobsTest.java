package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * Stalled-job recovery: a worker JVM killed with SIGKILL mid-job loses nothing (another worker's stalled check
 * brings every job back), and a job that stalls too often is failed with BullMQ's reason.
 */
@ExtendWith(RedisExtension.class)
class StalledJobsTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private final TestRedis redis;
    private final QueueOptions qo;

    StalledJobsTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
    }

    private WorkerOptions.Builder fastStalls() {
        return WorkerOptions.builder().lockDuration(Duration.ofMillis(1000)).stalledInterval(Duration.ofMillis(500));
    }

    @Test
    void jobsOfAWorkerKilledWithSigkillAreRecoveredAndCompletedOnce() throws Exception {
        String p = redis.prefix() + ":crash:";
        try (Queue q = new Queue("crash", qo); Jedis jedis = redis.jedis()) {
            List<String> ids = q.addBulk(IntStream.range(0, 10).mapToObj(i -> NewJob.of("x", i)).toList());
            Process doomed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashWorkerMain.class.getName(),
                    redis.url(), redis.prefix(), "crash").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                await().atMost(WAIT).until(() -> jedis.llen(p + "active") == 5);
                assertThat(jedis.get(p + jedis.lindex(p + "active", 0) + ":lock")).isNotNull();
            } finally {
                doomed.destroyForcibly().waitFor();
            }
            Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
            try (Worker rescuer = new Worker("crash", job -> runs.computeIfAbsent(job.id(), k -> new AtomicInteger())
                    .incrementAndGet(), fastStalls().concurrency(3).build(), qo).start()) {
                await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.COMPLETED) == 10);
            }
            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(runs.values()).allMatch(n -> n.get() == 1);
            long stalled = ids.stream().filter(id -> "1".equals(jedis.hget(p + id, "stc"))).count();
            assertThat(stalled).isEqualTo(5);
            assertThat(jedis.xrange(p + "events", "-", "+")).filteredOn(e -> "stalled".equals(e.getFields().get("event")))
                    .hasSize(5);
        }
    }

    @Test
    void aJobStalledMoreThanMaxStalledCountFailsOnItsNextPickup() {
        String p = redis.prefix() + ":st:";
        try (Queue q = new Queue("st", qo); Jedis jedis = redis.jedis()) {
            String id = q.add("x", 1);
            // simulate a worker that took the job and died twice: active, no lock, stc already 1
            jedis.rpoplpush(p + "wait", p + "active");
            jedis.hset(p + id, "stc", "1");
            try (Worker w = new Worker("st", job -> "should not run", fastStalls().build(), qo).start()) {
                await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.FAILED);
            }
            Job job = q.getJob(id).orElseThrow();
            assertThat(job.failedReason()).contains("job stalled more than allowable limit");
            assertThat(jedis.hget(p + id, "stc")).isEqualTo("2");
            assertThat(job.returnValue()).isNull();
        }
    }
}
