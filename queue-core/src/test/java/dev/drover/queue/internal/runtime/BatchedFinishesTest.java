package dev.drover.queue.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.queue.KeepJobs;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueException;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.ReplyCuttingProxy;
import dev.drover.queue.internal.keys.QueueKeys;
import dev.drover.queue.internal.redis.RedisExecutor;
import dev.drover.queue.internal.script.FetchArgs;
import dev.drover.queue.internal.script.Finish;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.ScriptLoader;
import dev.drover.queue.internal.script.Scripts;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * Finishes sent as one finishBatch-15 call (what the worker's {@link FinishBatcher} sends): each job gets its lone
 * moveToFinished reply, one job's lost lock or error leaves the others alone, and a batch whose reply was lost and
 * that is sent again finishes nothing twice. Real Redis; a real TCP proxy loses the reply (cutting the reply of
 * finishBatch-15 there also shows that the three finishes travelled as one batch call).
 */
@ExtendWith(RedisExtension.class)
class BatchedFinishesTest {

    private static final String Q = "batch";
    private static final long NOW = 1_900_000_000_000L;

    private final TestRedis redis;
    private final QueueKeys keys;
    private final Scripts scripts;

    BatchedFinishesTest(TestRedis redis) {
        this.redis = redis;
        this.keys = new QueueKeys(redis.prefix(), Q);
        this.scripts = new Scripts(keys);
    }

    private static RedisExecutor executor(String url) {
        return new RedisExecutor(QueueOptions.builder().redisUrl(url).build().redis(), 2);
    }

    /** Adds {@code jobs} jobs and activates the first three under tokens a1..a3; returns their ids in order. */
    private List<String> threeActive(RedisExecutor exec, int jobs) {
        List<String> ids = new ArrayList<>();
        try (Queue q = new Queue(Q, QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build())) {
            for (int i = 0; i < jobs; i++) {
                ids.add(q.add("j", i));
            }
        }
        for (int i = 1; i <= 3; i++) {
            exec.eval(scripts.moveToActive(new FetchArgs("a" + i, 60_000, "w", 0, 0), NOW));
        }
        return ids;
    }

    /** Completes the job held under a{i}, fetching the next one under n{i}. */
    private ScriptCall complete(String id, int i) {
        return scripts.moveToFinished(new Finish(id, "a" + i, NOW + i, true, "\"r" + i + "\"", "", KeepJobs.KEEP_ALL,
                false, 0), new FetchArgs("n" + i, 60_000, "w", 0, 0));
    }

    /** Completes the three active jobs, in order. */
    private List<ScriptCall> completeAll(List<String> ids) {
        return List.of(complete(ids.get(0), 1), complete(ids.get(1), 2), complete(ids.get(2), 3));
    }

    private static String fetchedId(Object reply) {
        return String.valueOf(((List<?>) reply).get(0));
    }

    private long completedEvents(Jedis jedis) {
        return jedis.xrange(redis.prefix() + ":" + Q + ":events", (StreamEntryID) null, (StreamEntryID) null).stream()
                .filter(e -> "completed".equals(e.getFields().get("event"))).count();
    }

    @Test
    void aLostLockInTheMiddleIsThatJobsReplyAndTheOthersFinish() {
        try (RedisExecutor exec = executor(redis.url());
             Jedis jedis = redis.jedis()) {
            List<String> ids = threeActive(exec, 6);
            jedis.del(keys.job(ids.get(1)) + ":lock");
            List<ScriptCall> calls = completeAll(ids);
            List<Object> replies = BatchedFinishes.evalEach(exec, scripts, calls);

            assertThat(fetchedId(replies.get(0))).isEqualTo(ids.get(3));
            assertThat(replies.get(1)).isEqualTo(-2L);
            assertThat(fetchedId(replies.get(2))).isEqualTo(ids.get(4));
            assertThat(jedis.zrange(keys.completed(), 0, -1)).containsExactly(ids.get(0), ids.get(2));
            assertThat(jedis.lrange(keys.active(), 0, -1)).containsExactlyInAnyOrder(ids.get(1), ids.get(3),
                    ids.get(4));
            assertThat(jedis.get(keys.job(ids.get(3)) + ":lock")).isEqualTo("n1");
            assertThat(jedis.get(keys.job(ids.get(4)) + ":lock")).isEqualTo("n3");
            assertThat(jedis.hget(keys.job(ids.get(2)), "finishedOn")).isEqualTo(String.valueOf(NOW + 3));
        }
    }

    @Test
    void aBatchWhoseReplyIsLostIsAnsweredAsBeforeWhenSentAgain() throws Exception {
        try (ReplyCuttingProxy proxy = new ReplyCuttingProxy(redis.port());
             RedisExecutor exec = executor(proxy.url());
             Jedis jedis = redis.jedis()) {
            List<String> ids = threeActive(exec, 6);
            jedis.del(keys.job(ids.get(1)) + ":lock");
            List<ScriptCall> calls = completeAll(ids);
            proxy.cutReplyTo(ScriptLoader.shared().load("finishBatch-15.lua").sha1(), () -> { });

            assertThatThrownBy(() -> BatchedFinishes.evalEach(exec, scripts, calls))
                    .isInstanceOf(QueueException.class);
            assertThat(proxy.cuts()).isEqualTo(1);
            List<Object> again = BatchedFinishes.evalEach(exec, scripts, calls);

            // as the first run answered: the jobs it fetched handed back by their tokens, the lost lock still -2
            assertThat(fetchedId(again.get(0))).isEqualTo(ids.get(3));
            assertThat(again.get(1)).isEqualTo(-2L);
            assertThat(fetchedId(again.get(2))).isEqualTo(ids.get(4));
            // nothing finished or fetched twice
            assertThat(completedEvents(jedis)).isEqualTo(2);
            assertThat(jedis.zrange(keys.completed(), 0, -1)).containsExactly(ids.get(0), ids.get(2));
            for (int i : new int[] {0, 2}) {
                assertThat(jedis.hget(keys.job(ids.get(i)), "atm")).isEqualTo("1");
            }
            for (int i : new int[] {3, 4}) {
                assertThat(jedis.hget(keys.job(ids.get(i)), "ats")).isEqualTo("1");
            }
            assertThat(jedis.lrange(keys.active(), 0, -1)).containsExactlyInAnyOrder(ids.get(1), ids.get(3),
                    ids.get(4));
            assertThat(jedis.lrange(keys.waitList(), 0, -1)).containsExactly(ids.get(5));
        }
    }

    @Test
    void aFinishThatRaisesFailsAloneAndTheJobsAfterItStillRunOnce() {
        try (RedisExecutor exec = executor(redis.url());
             Jedis jedis = redis.jedis()) {
            List<String> ids = threeActive(exec, 6);
            // the middle job's hash is replaced by a string: its finish raises WRONGTYPE halfway
            jedis.del(keys.job(ids.get(1)));
            jedis.set(keys.job(ids.get(1)), "not a hash");
            List<ScriptCall> calls = completeAll(ids);

            List<Object> replies = BatchedFinishes.evalEach(exec, scripts, calls);

            assertThat(fetchedId(replies.get(0))).isEqualTo(ids.get(3));
            assertThat(replies.get(1)).isInstanceOfSatisfying(QueueException.class,
                    e -> assertThat(e.kind()).isEqualTo(QueueException.Kind.COMMAND_ERROR));
            assertThat(fetchedId(replies.get(2))).isEqualTo(ids.get(4));
            assertThat(completedEvents(jedis)).isEqualTo(2);
            assertThat(jedis.zrange(keys.completed(), 0, -1)).containsExactly(ids.get(0), ids.get(2));
        }
    }
}
