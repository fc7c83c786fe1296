package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.ManualClock;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Single-job changes: changeDelay, changePriority, updateData, promote and getState, on Queue and on Job. */
@ExtendWith(RedisExtension.class)
class JobChangesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long TWO_32 = 1L << 32;
    private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_800_000_000_000L));
    private final QueueOptions qo;
    private final Queue q;
    private final Jedis jedis;
    private final String p;

    JobChangesTest(TestRedis redis) {
        qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).clock(clock).build();
        q = new Queue("jc", qo);
        jedis = redis.jedis();
        p = redis.prefix() + ":jc:";
    }

    @AfterEach
    void close() {
        q.close();
        jedis.close();
    }

    private static void assertKind(ThrowingCallable call, QueueException.Kind kind, String... messageParts) {
        assertThatThrownBy(call).isInstanceOf(QueueException.class).satisfies(e -> {
            assertThat(((QueueException) e).kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(messageParts);
        });
    }

    @Test
    void changeDelayRescoresFromNowUpdatesDelayAndMarkerAndEmitsDelayed() {
        String other = q.add("x", 1, JobOptions.builder().delay(30_000).build());
        String id = q.add("x", 2, JobOptions.builder().delay(3_600_000).build());
        long now = clock.advance(Duration.ofSeconds(5)).toEpochMilli();
        q.changeDelay(id, Duration.ofSeconds(10));
        assertThat(jedis.zscore(p + "delayed", id)).isEqualTo((now + 10_000) * 4096.0);
        assertThat(jedis.zscore(p + "marker", "1")).isEqualTo(now + 10_000.0); // now the earliest delayed job
        Job job = q.getJob(id).orElseThrow();
        assertThat(job.delay()).isEqualTo(10_000);
        assertThat(job.opts().delay()).isEqualTo(3_600_000); // opts keep the original, as in BullMQ
        assertThat(job.getState()).isEqualTo(JobState.DELAYED);
        var last = jedis.xrevrange(p + "events", "+", "-", 1).get(0).getFields();
        assertThat(last).containsEntry("event", "delayed").containsEntry("jobId", id)
                .containsEntry("delay", String.valueOf(now + 10_000));

        job.changeDelay(Duration.ofMinutes(2)); // later than the other job: the marker follows the earliest
        assertThat(jedis.zscore(p + "marker", "1")).isEqualTo(clock.millis() - 5_000 + 30_000.0);
        assertThat(q.getJobState(other)).isEqualTo(JobState.DELAYED);
    }

    @Test
    void changeDelayInTheSameMillisecondTakesTheNextSlot() {
        String a = q.add("x", 1, JobOptions.builder().delay(1000).build());
        String b = q.add("x", 2, JobOptions.builder().delay(5000).build());
        q.changeDelay(b, Duration.ofSeconds(1));
        assertThat(jedis.zscore(p + "delayed", b)).isEqualTo(jedis.zscore(p + "delayed", a) + 1);
    }

    @Test
    void changeDelayRefusesUnknownAndNonDelayedJobs() {
        String waiting = q.add("x", 1);
        assertKind(() -> q.changeDelay("404", Duration.ZERO), QueueException.Kind.JOB_NOT_FOUND,
                "changeDelay", "job 404 does not exist");
        assertKind(() -> q.changeDelay(waiting, Duration.ZERO), QueueException.Kind.NOT_IN_STATE,
                "job " + waiting + " is waiting", "only a delayed job");
        assertThatThrownBy(() -> q.changeDelay(waiting, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(q.getJobState(waiting)).isEqualTo(JobState.WAITING);
    }

    @Test
    void changePriorityMovesBetweenWaitAndPrioritizedWithTheCounter() {
        String a = q.add("x", 1);
        String b = q.add("x", 2);
        q.changePriority(a, 5, false);
        assertThat(jedis.lrange(p + "wait", 0, -1)).containsExactly(b);
        assertThat(jedis.zscore(p + "prioritized", a)).isEqualTo(5 * TWO_32 + 1.0);
        assertThat(q.getJob(a).orElseThrow().priority()).isEqualTo(5);
        q.changePriority(a, 3, false);
        assertThat(jedis.zscore(p + "prioritized", a)).isEqualTo(3 * TWO_32 + 2.0);
        q.changePriority(a, 4, true); // lifo: first of its priority, no counter
        assertThat(jedis.zscore(p + "prioritized", a)).isEqualTo(4 * TWO_32 + 0.0);
        q.changePriority(a, 0, false);
        assertThat(jedis.lrange(p + "wait", 0, -1)).containsExactly(a, b);
        assertThat(jedis.zcard(p + "prioritized")).isZero();
        q.getJob(a).orElseThrow().changePriority(0, true); // lifo: next to run (right end)
        assertThat(jedis.lrange(p + "wait", 0, -1)).containsExactly(b, a);
        assertThat(jedis.zscore(p + "marker", "0")).isZero();
    }

    @Test
    void changePriorityOfDelayedJobAppliesWhenPromoted() {
        String d = q.add("x", 1, JobOptions.builder().delay(60_000).build());
        q.changePriority(d, 2, false);
        assertThat(q.getJobState(d)).isEqualTo(JobState.DELAYED);
        q.getJob(d).orElseThrow().promote();
        assertThat(q.getJobState(d)).isEqualTo(JobState.PRIORITIZED);
        assertThat(jedis.zscore(p + "prioritized", d)).isEqualTo(2 * TWO_32 + 1.0);
        assertThat(q.getJob(d).orElseThrow().delay()).isZero();
    }

    @Test
    void changedPrioritiesDecideTheProcessingOrder() {
        String a = q.add("a", 1);
        String b = q.add("b", 2);
        String c = q.add("c", 3, JobOptions.builder().priority(1).build());
        String d = q.add("d", 4, JobOptions.builder().priority(2).build());
        q.changePriority(a, 3, false); // behind d now
        q.changePriority(d, 0, true); // ahead of b
        List<String> order = new CopyOnWriteArrayList<>();
        try (Worker w = new Worker("jc", job -> order.add(job.id()), WorkerOptions.DEFAULTS, qo).start()) {
            await().atMost(WAIT).until(() -> order.size() == 4);
        }
        assertThat(order).containsExactly(d, b, c, a);
    }

    @Test
    void changePriorityOfAFinishedJobOnlyRecordsItAndRefusesUnknownAndOutOfRange() {
        String id = q.add("x", 1);
        try (Worker w = new Worker("jc", job -> "ok", WorkerOptions.DEFAULTS, qo).start()) {
            await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.COMPLETED);
        }
        q.changePriority(id, 1, false); // as BullMQ: recorded, the job stays where it is
        assertThat(q.getJobState(id)).isEqualTo(JobState.COMPLETED);
        assertThat(q.getJob(id).orElseThrow().priority()).isEqualTo(1);
        assertKind(() -> q.changePriority("404", 1, false), QueueException.Kind.JOB_NOT_FOUND, "job 404");
        assertThatThrownBy(() -> q.changePriority(id, JobOptions.MAX_PRIORITY + 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority");
        assertThatThrownBy(() -> q.changePriority(id, -1, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void updateDataReplacesTheDataInAnyState() {
        String id = q.add("x", Map.of("v", 1));
        q.updateData(id, Map.of("v", 2, "extra", List.of(1, 2)));
        Job job = q.getJob(id).orElseThrow();
        assertThat(job.data().path("v").asInt()).isEqualTo(2);
        assertThat(job.data().path("extra").size()).isEqualTo(2);
        job.updateData(null);
        assertThat(q.getJob(id).orElseThrow().rawData()).isEqualTo("{}");
        assertKind(() -> q.updateData("404", 1), QueueException.Kind.JOB_NOT_FOUND, "updateData: job 404");
    }

    @Test
    void promoteAndGetStateRefuseClearly() {
        String id = q.add("x", 1);
        assertKind(() -> q.promoteJob(id), QueueException.Kind.NOT_IN_STATE, "promote: job " + id + " is waiting");
        assertKind(() -> q.promoteJob("404"), QueueException.Kind.JOB_NOT_FOUND, "promote: job 404 does not exist");
        assertThat(q.getJobState("404")).isEqualTo(JobState.UNKNOWN);
        assertThat(q.getJob(id).orElseThrow().getState()).isEqualTo(JobState.WAITING);
    }
}
