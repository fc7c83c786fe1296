package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * A finishing call that Redis rejects with an error of its own (here a script error on a key of the wrong type) is
 * no outage: it is not retried forever, and the job ends in failed with that error as its reason instead of
 * waiting in active.
 */
@ExtendWith(RedisExtension.class)
class ScriptErrorsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aJobWhoseFinishRedisRejectsFailsWithTheReason(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        String p = redis.prefix() + ":errs:";
        AtomicInteger runs = new AtomicInteger();
        try (Queue q = new Queue("errs", qo); Jedis jedis = redis.jedis()) {
            String id = q.add("x", 1);
            String next = q.add("x", 2);
            try (Worker w = new Worker("errs", job -> {
                runs.incrementAndGet();
                if (job.id().equals(id)) {
                    try (Jedis j = redis.jedis()) {
                        j.set(p + id + ":dependencies", "not a set"); // completing reads it: WRONGTYPE
                    }
                }
                return "ok";
            }, WorkerOptions.builder().drainDelay(Duration.ofMillis(200)).build(), qo).start()) {
                await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.FAILED
                        && q.getJobState(next) == JobState.COMPLETED);
            }
            assertThat(q.getJob(id).orElseThrow().failedReason().orElseThrow())
                    .startsWith("could not record the job's outcome (moveToFinished)").contains("WRONGTYPE");
            assertThat(runs).hasValue(2);
            assertThat(jedis.llen(p + "active")).isZero();
        }
    }
}
