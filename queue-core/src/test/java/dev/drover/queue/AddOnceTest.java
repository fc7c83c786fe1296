package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * Add-once: a repeated add (a relay retrying after a crash) adds nothing, even once the first job has completed and
 * been removed, which a custom job id alone does not prevent.
 */
@ExtendWith(RedisExtension.class)
class AddOnceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AddOnce ONCE = new AddOnce("outbox-1", Duration.ofHours(1));
    private static final JobOptions REMOVED_WHEN_DONE = JobOptions.builder().jobId("outbox-1").removeOnComplete(true)
            .build();

    private final QueueOptions qo;
    private final Queue queue;
    private final Jedis jedis;
    private final String p;
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    AddOnceTest(TestRedis redis) {
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        this.queue = new Queue("mail", qo);
        this.jedis = redis.jedis();
        this.p = redis.prefix() + ":mail:";
    }

    @AfterEach
    void close() {
        queue.close();
        jedis.close();
    }

    private Worker counting(String queueName) {
        return new Worker(queueName, job -> runs.computeIfAbsent(job.queueName() + "/" + job.id(),
                k -> new AtomicInteger()).incrementAndGet(), WorkerOptions.builder().build(), qo).start();
    }

    private long completedEvents() {
        return jedis.xrange(p + "events", "-", "+").stream()
                .filter(e -> "completed".equals(e.getFields().get("event"))).count();
    }

    @Test
    void aRepeatedAddAfterTheJobRanAndWasRemovedAddsNothing() {
        try (Worker w = counting("mail")) {
            assertThat(queue.addOnce(ONCE, "welcome", Map.of("to", "a"), REMOVED_WHEN_DONE)).isTrue();
            await().atMost(WAIT).until(() -> completedEvents() == 1 && !jedis.exists(p + "outbox-1"));

            assertThat(queue.addOnce(ONCE, "welcome", Map.of("to", "a"), REMOVED_WHEN_DONE)).isFalse();
            assertThat(jedis.exists(p + "outbox-1")).isFalse();
            assertThat(jedis.llen(p + "wait")).isZero();

            // the gap add-once closes: the same custom id added plainly runs the job a second time
            queue.add("welcome", Map.of("to", "a"), REMOVED_WHEN_DONE);
            await().atMost(WAIT).until(() -> completedEvents() == 2);
        }
        assertThat(runs.get("mail/outbox-1")).hasValue(2);
    }

    @Test
    void aRepeatWhileTheJobStillWaitsAddsNothingAndConcurrentRepeatsAddOneJob() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        AtomicInteger added = new AtomicInteger();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                if (queue.addOnce(ONCE, "welcome", Map.of(), REMOVED_WHEN_DONE)) {
                    added.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(added).hasValue(1);
        assertThat(jedis.lrange(p + "wait", 0, -1)).containsExactly("outbox-1");
        assertThat(jedis.xrange(p + "events", "-", "+")).filteredOn(e -> "added".equals(e.getFields().get("event")))
                .hasSize(1);
    }

    @Test
    void forgettingTheMarkerOrLettingItExpireAllowsTheAddAgain() {
        assertThat(queue.addOnce(ONCE, "welcome", Map.of(), REMOVED_WHEN_DONE)).isTrue();
        assertThat(jedis.pttl(p + "once:outbox-1")).isPositive();
        queue.remove("outbox-1");
        assertThat(queue.forgetAddOnce("outbox-1")).isTrue();
        assertThat(queue.forgetAddOnce("outbox-1")).isFalse();
        assertThat(queue.addOnce(ONCE, "welcome", Map.of(), REMOVED_WHEN_DONE)).isTrue();
        queue.remove("outbox-1");

        AddOnce brief = new AddOnce("brief", Duration.ofMillis(300));
        JobOptions opts = JobOptions.builder().jobId("brief").build();
        assertThat(queue.addOnce(brief, "welcome", Map.of(), opts)).isTrue();
        queue.remove("brief");
        assertThat(queue.addOnce(brief, "welcome", Map.of(), opts)).isFalse();
        await().atMost(WAIT).until(() -> !jedis.exists(p + "once:brief"));
        assertThat(queue.addOnce(brief, "welcome", Map.of(), opts)).isTrue();
    }

    @Test
    void aFlowAddedOnceIsNotAddedAgainAfterItRanAndWasRemoved() {
        JobOptions removed = JobOptions.builder().removeOnComplete(true).build();
        FlowJob flow = new FlowJob("mail", "digest", Map.of(), removed.toBuilder().jobId("outbox-7").build(),
                List.of(new FlowJob("render", "page", Map.of("n", 1), removed.toBuilder().jobId("outbox-7-a").build(),
                        List.of()), new FlowJob("render", "page", Map.of("n", 2),
                        removed.toBuilder().jobId("outbox-7-b").build(), List.of())));
        AddOnce once = new AddOnce("outbox-7", Duration.ofHours(1));
        try (FlowProducer flows = new FlowProducer(qo); Worker parents = counting("mail");
             Worker children = counting("render")) {
            assertThat(flows.addOnce(once, flow)).isPresent();
            await().atMost(WAIT).until(() -> completedEvents() == 1 && !jedis.exists(p + "outbox-7"));

            assertThat(flows.addOnce(once, flow)).isEmpty();
            assertThat(jedis.exists(p + "outbox-7")).isFalse();
        }
        assertThat(runs).containsOnlyKeys("mail/outbox-7", "render/outbox-7-a", "render/outbox-7-b");
        assertThat(runs.values()).allMatch(n -> n.get() == 1);
    }

    @Test
    void jobOptionsSurviveTheirJsonForm() {
        JobOptions o = JobOptions.builder().jobId("x-1").delay(1500).priority(3).attempts(4)
                .backoff(Backoff.exponential(200)).removeOnComplete(KeepJobs.ageAndCount(60, 10))
                .removeOnFail(true).stackTraceLimit(2).keepLogs(5)
                .deduplication(Deduplication.forDuration("d", Duration.ofSeconds(9)))
                .parentFailurePolicy(ParentFailurePolicy.IGNORE_DEPENDENCY).build();
        assertThat(JobOptions.fromJson(o.toJson())).isEqualTo(o);
        assertThat(JobOptions.fromJson(JobOptions.DEFAULTS.toJson())).isEqualTo(JobOptions.DEFAULTS);
        assertThat(JobOptions.fromJson("{\"attempts\":3,\"backoff\":1000,\"removeOnComplete\":true}"))
                .isEqualTo(JobOptions.builder().attempts(3).backoff(Backoff.fixed(1000)).removeOnComplete(true).build());
        assertThatThrownBy(() -> JobOptions.fromJson("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobOptions.fromJson("{\"jobId\":\"12\"}")).hasMessageContaining("integer");
    }
}
