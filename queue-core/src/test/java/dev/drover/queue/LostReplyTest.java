package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.internal.script.ScriptLoader;
import dev.drover.testing.DedicatedRedisServer;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * A finishing call whose reply is lost (the connection drops after Redis ran it, or Redis restarts then) is
 * repeated by the worker and recognised by its script: the job the first run fetched is handed back and runs at
 * once (not left locked in active until the stalled check), and nothing is logged as a lost lock or a dropped
 * result. Replies are cut by a real TCP proxy in front of a real Redis.
 */
@ExtendWith(RedisExtension.class)
class LostReplyTest {

    /** Well under lockDuration (30 s) plus stalledInterval: a fetched job left locked would not make it. */
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String[] MISREPORTS = {"lock lost", "result dropped", "not confirmed", "was removed while"};
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    private static String sha(String script) {
        return ScriptLoader.shared().load(script).sha1();
    }

    private int runsOf(String id) {
        return runs.getOrDefault(id, new AtomicInteger()).get();
    }

    private Worker worker(String queue, ReplyCuttingProxy proxy, String prefix, Processor processor) {
        return new Worker(queue, processor, WorkerOptions.builder().drainDelay(Duration.ofMillis(500)).build(),
                QueueOptions.builder().redisUrl(proxy.url()).prefix(prefix).build()).start();
    }

    private Processor counting(Processor then) {
        return job -> {
            runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
            return then.process(job);
        };
    }

    /** Job a's finish (which fetches b) loses its reply; then {@code afterCut} runs. */
    private void finishAndFetchLosesItsReply(TestRedis redis, Runnable afterCut) throws Exception {
        QueueOptions direct = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        try (ReplyCuttingProxy proxy = new ReplyCuttingProxy(redis.port()); Queue q = new Queue("lost", direct);
             LogCapture log = new LogCapture()) {
            String a = q.add("a", 1);
            String b = q.add("b", 2);
            proxy.cutReplyTo(sha("moveToFinished-14.lua"), afterCut);
            try (Worker w = worker("lost", proxy, redis.prefix(), counting(job -> "ok"))) {
                await().atMost(WAIT).ignoreExceptions().until(() -> q.getJobState(b) == JobState.COMPLETED);
            }
            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(runsOf(a)).isEqualTo(1);
            assertThat(runsOf(b)).isEqualTo(1);
            String p = redis.prefix() + ":lost:";
            try (Jedis jedis = redis.jedis()) { // opened now: the server may have restarted meanwhile
                assertThat(jedis.hget(p + b, "stc")).isNull();
                assertThat(jedis.hget(p + b, "ats")).isEqualTo("1");
            }
            assertThat(q.getJobState(a)).isEqualTo(JobState.COMPLETED);
            assertThat(log.text()).doesNotContain(MISREPORTS);
        }
    }

    @Test
    void aFinishWhoseReplyIsLostHandsBackTheJobItFetched(TestRedis redis) throws Exception {
        finishAndFetchLosesItsReply(redis, () -> { });
    }

    @Test
    @DedicatedRedisServer
    void aFinishThatLandedJustBeforeRedisRestartedIsNotReportedAsDropped(TestRedis redis) throws Exception {
        finishAndFetchLosesItsReply(redis, () -> {
            redis.server().kill(); // the finish ran and is in the AOF (fsync always); its reply never left
            redis.server().start();
        });
    }

    /**
     * A concurrent worker's batch of finishes (one finishBatch-15 call) loses its reply: each slot repeats its own
     * finish, and each is recognised job by job (the jobs the batch fetched are handed back, nothing runs or finishes
     * twice). Four slots meet at a barrier so that their finishes queue up together; rounds go on until a batch
     * formed and was cut.
     */
    @Test
    void aBatchOfFinishesWhoseReplyIsLostIsRecognisedJobByJob(TestRedis redis) throws Exception {
        QueueOptions direct = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
        java.util.List<String> ids = new java.util.ArrayList<>();
        try (ReplyCuttingProxy proxy = new ReplyCuttingProxy(redis.port()); Queue q = new Queue("lostbatch", direct);
             LogCapture log = new LogCapture()) {
            proxy.cutReplyTo(sha("finishBatch-15.lua"), () -> { });
            try (Worker w = new Worker("lostbatch", counting(job -> {
                together.await(10, java.util.concurrent.TimeUnit.SECONDS);
                return "ok";
            }), WorkerOptions.builder().concurrency(4).drainDelay(Duration.ofMillis(500)).build(),
                    QueueOptions.builder().redisUrl(proxy.url()).prefix(redis.prefix()).build()).start()) {
                for (int round = 0; round < 20 && proxy.cuts() == 0; round++) {
                    for (int i = 0; i < 8; i++) { // two waves of four: the first wave's finishes fetch the second
                        ids.add(q.add("j", i));
                    }
                    await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> q.getJobState(id) == JobState.COMPLETED));
                }
            }
            assertThat(proxy.cuts()).isEqualTo(1);
            ids.forEach(id -> assertThat(runsOf(id)).as("runs of %s", id).isEqualTo(1));
            try (Jedis jedis = redis.jedis()) {
                String p = redis.prefix() + ":lostbatch:";
                ids.forEach(id -> assertThat(jedis.hget(p + id, "atm")).as("atm of %s", id).isEqualTo("1"));
                assertThat(jedis.zcard(p + "completed")).isEqualTo(ids.size());
            }
            assertThat(log.text()).doesNotContain(MISREPORTS);
        }
    }

    @Test
    void aRetryAfterABackoffWhoseReplyIsLostIsNotReportedAsALostLock(TestRedis redis) throws Exception {
        repeatedSimpleCall(redis, "moveToDelayed-12.lua", JobOptions.builder().attempts(2)
                .backoff(Backoff.fixed(200)).build());
    }

    @Test
    void anImmediateRetryWhoseReplyIsLostIsNotReportedAsALostLock(TestRedis redis) throws Exception {
        repeatedSimpleCall(redis, "retryJob-12.lua", JobOptions.builder().attempts(2).build());
    }

    /** A job failing its first attempt (retried per {@code opts}) whose retry call loses its reply. */
    private void repeatedSimpleCall(TestRedis redis, String script, JobOptions opts) throws Exception {
        QueueOptions direct = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        try (ReplyCuttingProxy proxy = new ReplyCuttingProxy(redis.port()); Queue q = new Queue("lost", direct);
             LogCapture log = new LogCapture()) {
            String id = q.add("x", 1, opts);
            proxy.cutReplyTo(sha(script), () -> { });
            try (Worker w = worker("lost", proxy, redis.prefix(), counting(job -> {
                if (job.attemptsMade() == 0) throw new IllegalStateException("first attempt fails");
                return "ok";
            }))) {
                await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.COMPLETED);
            }
            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(runsOf(id)).isEqualTo(2);
            assertThat(log.text()).doesNotContain(MISREPORTS);
        }
    }
}
