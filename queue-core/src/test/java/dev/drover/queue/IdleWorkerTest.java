package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.DedicatedRedisServer;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * An idle worker blocks on the marker instead of polling: with an empty queue, and with only a future delayed job
 * (whose "1" marker is always present, so a worker that fetched after every pop would spin until the job is due).
 * Counts come from INFO commandstats on a server of this test's own, so no other test's traffic is counted.
 */
@ExtendWith(RedisExtension.class)
@DedicatedRedisServer(aof = false)
class IdleWorkerTest {

    private static final long DELAY_MS = 3_000;
    // an idle worker makes a handful of calls per delay (start, one fetch per drainDelay or due time, the job's own
    // finish); a polling one makes thousands in the same time
    private static final long MAX_CALLS = 20;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void aFutureDelayedJobIsWaitedForWithoutPollingAndRunsOnTime(TestRedis redis) {
        Queue queue = queue(redis);
        Jedis jedis = jedis(redis);
        long addedAt = System.currentTimeMillis();
        String id = queue.add("x", 1, JobOptions.builder().delay(DELAY_MS).build());
        CallCounts before = CallCounts.read(jedis);
        List<Long> ranAt = Collections.synchronizedList(new ArrayList<>());
        worker(redis, job -> ranAt.add(System.currentTimeMillis()));

        await().atMost(Duration.ofSeconds(15)).until(() -> queue.getJobState(id) == JobState.COMPLETED);
        CallCounts spent = CallCounts.read(jedis).minus(before);

        assertThat(spent.evalsha()).as("script calls while waiting for the delayed job").isLessThan(MAX_CALLS);
        assertThat(spent.bzpopmin()).as("BZPOPMIN calls while waiting for the delayed job").isLessThan(MAX_CALLS);
        assertThat(ranAt.get(0) - addedAt).as("ms from add to run").isBetween(DELAY_MS - 100, DELAY_MS + 2_000);
    }

    @Test
    void anEmptyQueueIsWaitedForWithoutPollingAndAnAddWakesTheWorker(TestRedis redis) {
        Queue queue = queue(redis);
        Jedis jedis = jedis(redis);
        worker(redis, job -> "ok");
        CallCounts before = CallCounts.read(jedis);

        // the whole window must stay quiet, so a spinning worker fails at once instead of after the window
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> CallCounts.read(jedis).minus(before).total() < MAX_CALLS);
        String id = queue.add("x", 1);
        await().atMost(Duration.ofSeconds(2)).until(() -> queue.getJobState(id) == JobState.COMPLETED);
    }

    @Test
    void anAddWakesAWorkerWaitingForAFutureDelayedJob(TestRedis redis) {
        Queue queue = queue(redis);
        worker(redis, job -> "ok");
        String delayed = queue.add("x", 1, JobOptions.builder().delay(60_000).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.getJobState(delayed) == JobState.DELAYED);

        // the worker now blocks toward the delayed job's time; a new job must not wait for that
        String now = queue.add("x", 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> queue.getJobState(now) == JobState.COMPLETED);
        assertThat(queue.getJobState(delayed)).isEqualTo(JobState.DELAYED);
    }

    private Queue queue(TestRedis redis) {
        Queue q = new Queue("idle", options(redis));
        open.add(q);
        return q;
    }

    private Jedis jedis(TestRedis redis) {
        Jedis j = redis.jedis();
        open.add(j);
        return j;
    }

    private void worker(TestRedis redis, Processor processor) {
        Worker w = new Worker("idle", processor, WorkerOptions.DEFAULTS, options(redis)).start();
        open.add(() -> w.close(Duration.ofSeconds(5)));
    }

    private static QueueOptions options(TestRedis redis) {
        return QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
    }

    /** Calls of the commands a worker fetches and waits with, from INFO commandstats. */
    private record CallCounts(long evalsha, long bzpopmin) {

        static CallCounts read(Jedis jedis) {
            String stats = jedis.info("commandstats");
            return new CallCounts(calls(stats, "evalsha"), calls(stats, "bzpopmin"));
        }

        CallCounts minus(CallCounts earlier) {
            return new CallCounts(evalsha - earlier.evalsha, bzpopmin - earlier.bzpopmin);
        }

        long total() {
            return evalsha + bzpopmin;
        }

        private static long calls(String stats, String command) {
            String prefix = "cmdstat_" + command + ":calls=";
            return stats.lines().filter(l -> l.startsWith(prefix))
                    .mapToLong(l -> Long.parseLong(l.substring(prefix.length(), l.indexOf(',')))).sum();
        }
    }
}
