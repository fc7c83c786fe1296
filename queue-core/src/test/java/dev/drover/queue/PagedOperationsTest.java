package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.queue.internal.QueueClient;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * drain, clean and obliterate work in pages: no script call looks at more than its batch of jobs, whatever the
 * size of the queue, yet the whole operation ends as BullMQ's one-call version would (one `cleaned` event, the
 * same jobs removed, a job scheduler's next job kept).
 */
@ExtendWith(RedisExtension.class)
@SuppressWarnings("unchecked")
class PagedOperationsTest {

    private static final int JOBS = 2_500;
    private final QueueOptions qo;
    private final Queue q;
    private final Jedis jedis;
    private final String p;

    PagedOperationsTest(TestRedis redis) {
        qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        q = new Queue("paged", qo);
        jedis = redis.jedis();
        p = redis.prefix() + ":paged:";
    }

    @AfterEach
    void close() {
        q.close();
        jedis.close();
    }

    private List<String> addJobs(int n, JobOptions opts) {
        return q.addBulk(IntStream.range(0, n).mapToObj(i -> new NewJob("x", i, opts)).toList());
    }

    /** n jobs finished at 1..n ms (bullmq's layout: scored by finishedOn), ids f1..fn. */
    private void completedJobs(int n) {
        try (Pipeline pl = jedis.pipelined()) {
            for (int i = 1; i <= n; i++) {
                pl.hset(p + "f" + i, Map.of("name", "x", "data", "{}", "opts", "{}", "timestamp", "0",
                        "finishedOn", String.valueOf(i), "returnvalue", "null"));
                pl.zadd(p + "completed", i, "f" + i);
            }
        }
    }

    private long cleanedEvents() {
        return jedis.xrange(p + "events", "-", "+").stream().filter(e -> "cleaned".equals(e.getFields().get("event")))
                .count();
    }

    @Test
    void oneDrainCallRemovesAtMostItsBatch() {
        addJobs(JOBS, JobOptions.DEFAULTS);
        try (QueueClient c = new QueueClient("paged", qo)) {
            List<Object> page = (List<Object>) c.run(c.scripts().drainPage("wait", true, 0, 100), "paged");
            assertThat(page).containsExactly(100L, 0L, 1L);
        }
        assertThat(jedis.llen(p + "wait")).isEqualTo(JOBS - 100);
        assertThat(q.drain(false)).isEqualTo(JOBS - 100);
        assertThat(jedis.llen(p + "wait")).isZero();
        assertThat(jedis.exists(p + "1", p + "2500")).isZero();
    }

    @Test
    void drainKeepsAJobSchedulersNextJobInEveryState() {
        addJobs(1_200, JobOptions.builder().delay(60_000).build());
        String next = q.upsertJobScheduler("tick", RepeatSpec.cron("0 0 1 1 *"), null).orElseThrow();
        jedis.zadd(p + "prioritized", 1, next); // as if it were ready too: it must stay wherever it is
        jedis.lpush(p + "wait", "a", next, "b");
        jedis.rpush(p + "wait", "c");
        try (QueueClient c = new QueueClient("paged", qo)) {
            // pages of 2 over [b, next, a, c]: the kept id stays at the head and the cursor steps over it
            assertThat((List<Object>) c.run(c.scripts().drainPage("wait", true, 0, 2), "paged")).containsExactly(1L, 1L, 1L);
            assertThat(jedis.lrange(p + "wait", 0, -1)).containsExactly(next, "a", "c");
            assertThat((List<Object>) c.run(c.scripts().drainPage("wait", true, 1, 2), "paged")).containsExactly(2L, 1L, 1L);
            assertThat((List<Object>) c.run(c.scripts().drainPage("wait", true, 1, 2), "paged")).containsExactly(0L, 1L, 0L);
        }
        assertThat(jedis.lrange(p + "wait", 0, -1)).containsExactly(next);
        assertThat(q.drain(true)).isEqualTo(1_200);
        assertThat(jedis.zrange(p + "delayed", 0, -1)).containsExactly(next);
        assertThat(jedis.zrange(p + "prioritized", 0, -1)).containsExactly(next);
        assertThat(jedis.lrange(p + "wait", 0, -1)).containsExactly(next);
        assertThat(jedis.exists(p + next)).isTrue();
    }

    @Test
    void cleanWithALimitAcrossPagesRemovesTheOldestAndEmitsOneEvent() {
        completedJobs(JOBS);
        List<String> removed = q.clean(JobState.COMPLETED, Duration.ZERO, 1_500);
        assertThat(removed).hasSize(1_500).startsWith("f1").endsWith("f1500");
        assertThat(jedis.zcard(p + "completed")).isEqualTo(JOBS - 1_500);
        assertThat(jedis.exists(p + "f1500")).isFalse();
        assertThat(jedis.exists(p + "f1501")).isTrue();
        assertThat(cleanedEvents()).isEqualTo(1);
        assertThat(jedis.xrevrange(p + "events", "+", "-", 1).get(0).getFields()).containsEntry("count", "1500");
    }

    @Test
    void cleanOfAListLooksAtTheOldestWindowOnlyAcrossPages() {
        List<String> ids = addJobs(JOBS, JobOptions.DEFAULTS); // wait holds them newest first
        // the two oldest are too recent to go; BullMQ's window of `limit` ids from the tail still ends there
        long future = System.currentTimeMillis() + 3_600_000;
        jedis.hset(p + ids.get(0), "timestamp", String.valueOf(future));
        jedis.hset(p + ids.get(1), "timestamp", String.valueOf(future));
        List<String> removed = q.clean(JobState.WAITING, Duration.ZERO, 1_200);
        assertThat(removed).hasSize(1_198).doesNotContain(ids.get(0), ids.get(1)).contains(ids.get(2), ids.get(1_199))
                .doesNotContain(ids.get(1_200));
        assertThat(jedis.lrange(p + "wait", -2, -1)).containsExactly(ids.get(1), ids.get(0));
        assertThat(jedis.llen(p + "wait")).isEqualTo(JOBS - 1_198);
        assertThat(cleanedEvents()).isEqualTo(1);
        assertThat(q.clean(JobState.WAITING, Duration.ZERO, 0)).hasSize(JOBS - 1_200);
        assertThat(jedis.lrange(p + "wait", 0, -1)).containsExactly(ids.get(1), ids.get(0));
    }

    @Test
    void obliterateGoesInBatches() {
        addJobs(JOBS, JobOptions.DEFAULTS);
        completedJobs(10);
        q.pause();
        try (QueueClient c = new QueueClient("paged", qo)) {
            assertThat(c.run(c.scripts().obliterate(1_000, false), "paged")).isEqualTo(1L);
            assertThat(jedis.llen(p + "wait")).isEqualTo(JOBS - 990); // the 10 completed went first, as in BullMQ
        }
        q.obliterate(false);
        assertThat(jedis.keys(p + "*")).isEmpty();
    }
}
