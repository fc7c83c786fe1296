package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * Corrupt data never makes a job vanish. A seeded fuzzer writes malformed job hashes (counters, numbers, JSON,
 * missing fields), options and lists (dangling and duplicate ids, a crashed worker's jobs) in BullMQ's layout,
 * some of them while the jobs run, with a worker serving the queue: every job it started with ends in completed or
 * in failed (then with a reason), and good jobs added meanwhile keep completing. Failure messages name the seed;
 * {@code -Ddrover.fuzz.seeds=N} runs N seeds instead of the default 3, {@code -Ddrover.fuzz.seed=S} just S.
 */
@ExtendWith(RedisExtension.class)
class CorruptDataFuzzTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int JOBS = 40;
    private static final List<String> BAD_COUNTERS = List.of("abc", "1.5", "", "007", "99999999999999999999", "-",
            "nan", " 1");
    private static final List<String> BAD_NUMBERS = List.of("x", "nan", "inf", "-inf", "1e400", "", "0x");
    private static final List<String> BAD_JSON = List.of("{bad", "", "[1,2", "nul", "{\"a\":}");
    private static final List<String> BAD_OPTS = List.of("{bad", "[]", "null", "7",
            "{\"attempts\":\"x\",\"backoff\":{\"type\":5,\"delay\":\"y\"},\"removeOnComplete\":\"yes\","
                    + "\"removeOnFail\":{\"count\":\"z\"},\"stackTraceLimit\":-5,\"kl\":\"q\",\"de\":{\"id\":7},"
                    + "\"priority\":\"p\",\"delay\":\"d\",\"lifo\":\"maybe\"}",
            "{\"attempts\":3,\"backoff\":{\"type\":\"exponential\",\"delay\":-50,\"jitter\":9}}");
    private static final List<String> FIELDS_TO_DROP = List.of("name", "data", "opts", "timestamp", "priority",
            "delay");

    static IntStream seeds() {
        String one = System.getProperty("drover.fuzz.seed");
        if (one != null) {
            return IntStream.of(Integer.parseInt(one));
        }
        int n = Integer.getInteger("drover.fuzz.seeds", 3);
        int base = new Random().nextInt(1_000_000);
        return IntStream.range(base, base + n);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void nothingVanishesAndGoodJobsKeepRunning(int seed, TestRedis redis) {
        Random rnd = new Random(seed);
        String queue = "fuzz" + seed;
        String p = redis.prefix() + ":" + queue + ":";
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        try (Queue q = new Queue(queue, qo); Jedis jedis = redis.jedis()) {
            Map<String, String> corruption = new LinkedHashMap<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                ids.add(q.add("job", Map.of("i", i), randomOptions(rnd, i)));
            }
            for (String id : ids) {
                if (rnd.nextInt(10) < 6) {
                    corruption.put(id, corrupt(rnd, jedis, p, id));
                }
            }
            corruptLists(rnd, jedis, p, ids, corruption);
            try (Worker w = new Worker(queue, job -> process(job, redis.url(), p), WorkerOptions.builder().concurrency(3)
                    .lockDuration(Duration.ofSeconds(5)).stalledInterval(Duration.ofMillis(500))
                    .drainDelay(Duration.ofMillis(200)).build(), qo).start()) {
                List<String> good = q.addBulk(IntStream.range(0, 10).mapToObj(i -> NewJob.of("good", i)).toList());
                String why = "seed " + seed + ", corruption " + corruption;
                try {
                    await().atMost(WAIT).until(() -> good.stream()
                            .allMatch(id -> q.getJobState(id) == JobState.COMPLETED)
                            && ids.stream().allMatch(id -> isFinished(q.getJobState(id))));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    dumpThreads(seed);
                    throw new AssertionError(why + "; active jobs " + w.activeJobs() + "; now "
                            + System.currentTimeMillis() + "; delayed " + jedis.zrangeWithScores(p + "delayed", 0, -1)
                            + "; marker " + jedis.zrangeWithScores(p + "marker", 0, -1) + "; clients "
                            + jedis.clientList() + "; not finished: " + unfinished(q, jedis, p, ids, good), e);
                }
                for (String id : ids) {
                    assertThat(jedis.exists(p + id)).as(why + ": job " + id + " vanished").isTrue();
                    if (q.getJobState(id) == JobState.FAILED) {
                        assertThat(jedis.hget(p + id, "failedReason")).as(why + ": job " + id + " failed without reason")
                                .isNotBlank();
                    }
                }
                assertThat(jedis.llen(p + "active")).as(why + ": jobs left active").isZero();
            }
        }
    }

    private static Map<String, String> unfinished(Queue q, Jedis jedis, String p, List<String> ids, List<String> good) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : ids) {
            if (!isFinished(q.getJobState(id))) out.put(id, q.getJobState(id) + " " + jedis.hgetAll(p + id));
        }
        for (String id : good) {
            if (q.getJobState(id) != JobState.COMPLETED) out.put(id, q.getJobState(id) + " " + jedis.hgetAll(p + id));
        }
        return out;
    }

    /** A thread dump (virtual threads included) next to the test reports, to see where a worker waits. */
    private static void dumpThreads(int seed) {
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            bean.dumpThreads("target/fuzz-threads-seed-" + seed + ".txt",
                    com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
        } catch (Exception ignored) {
            // only a diagnostic for a failure already being reported
        }
    }

    private static boolean isFinished(JobState s) {
        return s == JobState.COMPLETED || s == JobState.FAILED;
    }

    private static JobOptions randomOptions(Random rnd, int i) {
        JobOptions.Builder b = JobOptions.builder().attempts(1 + rnd.nextInt(3));
        switch (rnd.nextInt(5)) {
            case 0 -> b.delay(50 + rnd.nextInt(300));
            case 1 -> b.priority(1 + rnd.nextInt(5));
            case 2 -> b.lifo(true);
            case 3 -> b.deduplication(Deduplication.untilFinished("d" + i));
            default -> { }
        }
        return b.build();
    }

    /** Corrupts one job's hash in one of several ways; returns what it did (for the failure message). */
    private static String corrupt(Random rnd, Jedis jedis, String p, String id) {
        String key = p + id;
        return switch (rnd.nextInt(9)) {
            case 0 -> set(jedis, key, pick(rnd, List.of("ats", "atm", "stc")), pick(rnd, BAD_COUNTERS));
            case 1 -> set(jedis, key, pick(rnd, List.of("priority", "delay", "timestamp")), pick(rnd, BAD_NUMBERS));
            case 2 -> set(jedis, key, "data", pick(rnd, BAD_JSON));
            case 3 -> set(jedis, key, "opts", pick(rnd, BAD_OPTS));
            case 4 -> set(jedis, key, pick(rnd, List.of("returnvalue", "stacktrace", "progress")), pick(rnd, BAD_JSON));
            case 5 -> {
                String f = pick(rnd, FIELDS_TO_DROP);
                jedis.hdel(key, f);
                yield "dropped " + f;
            }
            case 6 -> set(jedis, key, "parentKey", "nonsense") + " " + set(jedis, key, "parent",
                    pick(rnd, List.of("{bad", "{\"id\":{},\"queueKey\":5,\"fpof\":true}", "{\"id\":\"x\",\"queueKey\":\"q\",\"idof\":null}")));
            case 7 -> set(jedis, key, "rjk", "no-such-scheduler");
            default -> set(jedis, key, "selfCorrupt", pick(rnd, List.of("atm", "ats", "stc")));
        };
    }

    private static String set(Jedis jedis, String key, String field, String value) {
        jedis.hset(key, field, value);
        return field + "='" + value + "'";
    }

    private static <T> T pick(Random rnd, List<T> values) {
        return values.get(rnd.nextInt(values.size()));
    }

    /** Dangling ids in every ready place, a duplicate, and jobs a crashed worker left in active without a lock. */
    private static void corruptLists(Random rnd, Jedis jedis, String p, List<String> ids, Map<String, String> log) {
        jedis.lpush(p + "wait", "ghost-w");
        jedis.zadd(p + "prioritized", 5L << 32, "ghost-p");
        jedis.zadd(p + "delayed", System.currentTimeMillis() * 4096.0, "ghost-d");
        jedis.lpush(p + "active", "ghost-a");
        jedis.sadd(p + "stalled", "ghost-a");
        String dup = pick(rnd, ids);
        jedis.lpush(p + "wait", dup);
        log.put("dup-in-wait", dup);
        for (int i = 0; i < 2; i++) {
            String crashed = pick(rnd, ids);
            if (jedis.lrem(p + "wait", 0, crashed) > 0) {
                jedis.lpush(p + "active", crashed);
                jedis.sadd(p + "stalled", crashed);
                if (rnd.nextBoolean()) jedis.hset(p + crashed, "stc", pick(rnd, BAD_COUNTERS));
                log.put("crashed-" + i, crashed + " stc=" + jedis.hget(p + crashed, "stc"));
            }
        }
    }

    /**
     * Completes; fails the first attempt of some jobs that have attempts to spare (so retries and backoff run too);
     * and, for a job marked {@code selfCorrupt}, corrupts that counter of its own while it runs.
     */
    private static Object process(Job job, String redisUrl, String p) {
        try (Jedis jedis = new Jedis(java.net.URI.create(redisUrl))) {
            String field = jedis.hget(p + job.id(), "selfCorrupt");
            if (field != null) {
                jedis.hset(p + job.id(), field, "zz");
            }
        }
        if (job.opts().attempts() > 1 && job.attemptsMade() == 0 && job.id().hashCode() % 2 == 0) {
            throw new IllegalStateException("first attempt fails");
        }
        return "ok";
    }
}
