package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Queue-wide operations: pause/resume, drain, clean, retryJobs, promoteJobs, remove, obliterate. */
@ExtendWith(RedisExtension.class)
class QueueOperationsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final QueueOptions qo;
    private final Queue q;
    private final Jedis jedis;
    private final String p;

    QueueOperationsTest(TestRedis redis) {
        qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        q = new Queue("ops", qo);
        jedis = redis.jedis();
        p = redis.prefix() + ":ops:";
    }

    @AfterEach
    void close() {
        q.close();
        jedis.close();
    }

    @Test
    void pausedQueueKeepsJobsInWaitAndResumeMergesLegacyPausedList() {
        q.add("x", 1);
        q.pause();
        assertThat(q.isPaused()).isTrue();
        assertThat(jedis.exists(p + "marker")).isFalse();
        q.add("x", 2);
        assertThat(jedis.llen(p + "wait")).isEqualTo(2);
        jedis.rpush(p + "paused", "legacy"); // what a v5 pause leaves behind
        jedis.hset(p + "legacy", Map.of("name", "x", "data", "{}", "opts", "{}", "timestamp", "1"));
        q.resume();
        assertThat(q.isPaused()).isFalse();
        assertThat(jedis.exists(p + "paused")).isFalse();
        assertThat(jedis.lrange(p + "wait", 0, -1)).containsExactly("2", "1", "legacy");
        assertThat(jedis.zscore(p + "marker", "0")).isZero();
    }

    @Test
    void pausedQueueIsNotFetchedUntilResumed() {
        q.pause();
        String id = q.add("x", 1);
        try (Worker w = new Worker("ops", job -> "ok", WorkerOptions.builder().drainDelay(Duration.ofMillis(200))
                .build(), qo).start()) {
            await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> q.getJobState(id) == JobState.WAITING);
            q.resume();
            await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.COMPLETED);
        }
    }

    @Test
    void drainRemovesUnstartedJobs() {
        q.add("x", 1);
        q.add("x", 2, JobOptions.builder().priority(3).build());
        String delayed = q.add("x", 3, JobOptions.builder().delay(60_000).build());
        assertThat(q.drain(false)).isEqualTo(2);
        assertThat(q.getJobState(delayed)).isEqualTo(JobState.DELAYED);
        assertThat(q.drain(true)).isEqualTo(1);
        // as BullMQ's drain: the jobs and lists go, the priority counter stays
        assertThat(jedis.keys(p + "*")).doesNotContain(p + "1", p + "2", p + delayed, p + "wait", p + "prioritized");
    }

    @Test
    void cleanRetryAndRemoveFinishedJobs() {
        try (Worker w = new Worker("ops", job -> {
            if (job.data().asInt() % 2 == 0) throw new IllegalStateException("even");
            return "odd";
        }, WorkerOptions.DEFAULTS, qo).start()) {
            for (int i = 0; i < 6; i++) q.add("x", i);
            await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.FAILED) == 3
                    && q.getJobCounts().get(JobState.COMPLETED) == 3);
        }
        List<String> cleaned = q.clean(JobState.COMPLETED, Duration.ZERO, 2);
        assertThat(cleaned).hasSize(2);
        assertThat(q.getJobCounts().get(JobState.COMPLETED)).isEqualTo(1);
        assertThat(jedis.exists(p + cleaned.get(0))).isFalse();
        q.retryJobs(JobState.FAILED);
        assertThat(q.getJobCounts()).containsEntry(JobState.FAILED, 0L).containsEntry(JobState.WAITING, 3L);
        assertThat(jedis.hexists(p + "1", "failedReason")).isFalse();
        assertThat(jedis.hexists(p + "1", "finishedOn")).isFalse();
        assertThat(q.remove("1")).isTrue();
        assertThat(q.remove("1")).isFalse();
        assertThat(q.getJobCounts().get(JobState.WAITING)).isEqualTo(2);
    }

    @Test
    void promoteJobsMovesDelayedToWait() {
        String id = q.add("x", 1, JobOptions.builder().delay(60_000).build());
        q.promoteJobs();
        assertThat(q.getJobState(id)).isEqualTo(JobState.WAITING);
        // BullMQ's bulk promote leaves the hash alone (its single promote sets delay 0)
        assertThat(jedis.hget(p + id, "delay")).isEqualTo("60000");
    }

    @Test
    void removeRefusesALockedJob() {
        String id = q.add("x", 1);
        jedis.set(p + id + ":lock", "someone");
        assertThatThrownBy(() -> q.remove(id)).isInstanceOf(QueueException.class)
                .extracting(e -> ((QueueException) e).kind()).isEqualTo(QueueException.Kind.JOB_LOCKED);
    }

    @Test
    void obliterateNeedsAPausedQueueAndDeletesEverything() {
        for (int i = 0; i < 5; i++) q.add("x", i);
        q.add("x", 9, JobOptions.builder().delay(60_000).build());
        assertThatThrownBy(() -> q.obliterate(false)).isInstanceOf(QueueException.class)
                .hasMessageContaining("paused");
        q.pause();
        q.obliterate(false);
        assertThat(jedis.keys(p + "*")).isEmpty();
    }
}
