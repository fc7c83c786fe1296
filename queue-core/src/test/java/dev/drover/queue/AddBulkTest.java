package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testing.DedicatedRedisServer;
import dev.drover.testing.ManualClock;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * {@link Queue#addBulk} sends its jobs as addBatch calls of up to 100 jobs: every job is added exactly as a lone
 * {@link Queue#add} would add it (compared key by key against the same jobs added one at a time, from generated
 * options whose seed every failure names), an add that raises fails the bulk after every other job was added once,
 * and a bulk costs one script call per hundred jobs. On a server of its own, so that script calls can be counted.
 */
@ExtendWith(RedisExtension.class)
@DedicatedRedisServer(aof = false)
class AddBulkTest {

    private final TestRedis redis;
    private final QueueOptions qo;

    AddBulkTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix())
                .clock(new ManualClock(Instant.parse("2026-12-06T10:00:00Z"))).build();
    }

    @Test
    void eachJobOfABulkIsAddedAsItsLoneAddWouldAddIt() {
        long seed = new Random().nextLong();
        List<NewJob> first = generated(new Random(seed), 230);
        List<NewJob> second = generated(new Random(seed + 1), 120);
        try (Queue lone = new Queue("n-bulk", qo); Queue bulk = new Queue("d-bulk", qo); Jedis jedis = redis.jedis()) {
            List<String> loneIds = new ArrayList<>();
            first.forEach(j -> loneIds.add(lone.add(j.name(), j.data(), j.opts())));
            List<String> bulkIds = new ArrayList<>(bulk.addBulk(first));
            // a paused queue's jobs go to paused: the meta the batch reads once must say so for every job
            lone.pause();
            bulk.pause();
            second.forEach(j -> loneIds.add(lone.add(j.name(), j.data(), j.opts())));
            bulkIds.addAll(bulk.addBulk(second));
            assertThat(bulkIds).as("seed %d", seed).isEqualTo(loneIds);
            assertThat(QueueDump.of(jedis, redis.prefix(), "d", "bulk")).as("seed %d", seed)
                    .isEqualTo(QueueDump.of(jedis, redis.prefix(), "n", "bulk"));
        }
    }

    @Test
    void aBulkOfTwoHundredAndFiftyJobsIsThreeScriptCalls() {
        try (Queue q = new Queue("calls", qo); Jedis jedis = redis.jedis()) {
            q.addBulk(generated(new Random(1), 10)); // loads the scripts
            jedis.configResetStat();
            assertThat(q.addBulk(generated(new Random(2), 250))).hasSize(250);
            assertThat(jedis.info("commandstats")).contains("cmdstat_evalsha:calls=3,");
        }
    }

    @Test
    void anAddThatRaisesFailsTheBulkAfterEveryOtherJobIsAddedOnce() {
        try (Queue q = new Queue("raise", qo); Jedis jedis = redis.jedis()) {
            String p = redis.prefix() + ":raise:";
            jedis.hset(p + "de:broken", "not", "a string"); // the dedup key's GET meets WRONGTYPE
            List<NewJob> jobs = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                JobOptions o = i == 40 ? JobOptions.builder().deduplication(Deduplication.untilFinished("broken")).build()
                        : JobOptions.DEFAULTS;
                jobs.add(new NewJob("j" + i, Map.of("i", i), o));
            }
            assertThatThrownBy(() -> q.addBulk(jobs)).isInstanceOfSatisfying(QueueException.class,
                    e -> assertThat(e.kind()).isEqualTo(QueueException.Kind.COMMAND_ERROR)).hasMessageContaining("WRONGTYPE");
            assertThat(jedis.llen(p + "wait")).isEqualTo(149);
            assertThat(jedis.get(p + "id")).isEqualTo("150");
            assertThat(jedis.lrange(p + "wait", 0, -1)).doesNotHaveDuplicates().doesNotContain("41");
        }
    }

    /** Jobs with generated options: plain, delayed, prioritized, lifo, custom ids (some repeated), deduplicated. */
    private static List<NewJob> generated(Random r, int n) {
        List<NewJob> jobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JobOptions.Builder o = JobOptions.builder();
            switch (r.nextInt(6)) {
                case 0 -> o.delay(1 + r.nextInt(60_000));
                case 1 -> o.priority(1 + r.nextInt(10));
                case 2 -> o.lifo(true);
                case 3 -> o.jobId("c" + r.nextInt(20));
                case 4 -> o.deduplication(Deduplication.untilFinished("d" + r.nextInt(5)));
                default -> { }
            }
            jobs.add(new NewJob("job-" + r.nextInt(3), Map.of("i", i, "s", Long.toHexString(r.nextLong())), o.build()));
        }
        return jobs;
    }
}
