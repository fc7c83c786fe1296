package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** QueueEvents delivers the stream's events in order, with decoded fields, and resumes from an event id. */
@ExtendWith(RedisExtension.class)
class QueueEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final QueueOptions qo;
    private final Queue queue;
    private final TestRedis redis;

    QueueEventsTest(TestRedis redis) {
        this.redis = redis;
        qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        queue = new Queue("ev", qo);
    }

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void deliversTheLifecycleOfJobsInOrder() {
        List<QueueEvent> seen = new CopyOnWriteArrayList<>();
        try (QueueEvents events = new QueueEvents("ev", qo, seen::add).start();
             Worker w = new Worker("ev", job -> {
                 job.updateProgress(Map.of("pct", 50));
                 if (job.name().equals("bad")) throw new IllegalStateException("nope");
                 return Map.of("ok", true);
             }, WorkerOptions.DEFAULTS, qo).start()) {
            String good = queue.add("good", 1);
            String bad = queue.add("bad", 1);
            await().atMost(WAIT).until(() -> seen.stream().anyMatch(e -> e.type().equals("failed")));
            List<String> goodTypes = seen.stream().filter(e -> e.jobId().orElse("").equals(good)).map(QueueEvent::type)
                    .toList();
            assertThat(goodTypes).containsSubsequence("added", "waiting", "active", "progress", "completed");
            QueueEvent completed = seen.stream().filter(e -> e.type().equals("completed")).findFirst().orElseThrow();
            assertThat(completed.returnValue().get("ok").asBoolean()).isTrue();
            assertThat(completed.prev()).contains("active");
            QueueEvent progress = seen.stream().filter(e -> e.type().equals("progress")).findFirst().orElseThrow();
            assertThat(progress.progress().get("pct").asInt()).isEqualTo(50);
            QueueEvent failed = seen.stream().filter(e -> e.type().equals("failed")).findFirst().orElseThrow();
            assertThat(failed.jobId()).contains(bad);
            assertThat(failed.failedReason()).contains("nope");
            await().atMost(WAIT).until(() -> seen.stream().anyMatch(e -> e.type().equals("drained")));
        }
    }

    @Test
    void readsOnAPlatformThreadThatCloseStopsWhileItBlocks() {
        List<Boolean> virtual = new CopyOnWriteArrayList<>();
        QueueEvents events = new QueueEvents("ev", qo, e -> virtual.add(Thread.currentThread().isVirtual())).start();
        queue.add("a", 1);
        await().atMost(WAIT).until(() -> virtual.size() == 2);
        // blocked in its next XREAD (10 s), longer than close waits for the thread
        try (var jedis = redis.jedis()) {
            await().atMost(WAIT).until(() -> jedis.clientList().contains("cmd=xread"));
        }
        events.close();
        assertThat(virtual).containsOnly(false);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("drover-events-ev");
    }

    @Test
    void queueWideEventsAndResumingFromAnId() {
        List<QueueEvent> first = new CopyOnWriteArrayList<>();
        String resumeFrom;
        try (QueueEvents events = new QueueEvents("ev", qo, first::add).start()) {
            queue.add("a", 1);
            await().atMost(WAIT).until(() -> first.size() == 2);
            resumeFrom = events.lastEventId();
        }
        queue.pause();
        queue.resume();
        queue.add("b", 1, JobOptions.builder().delay(60_000).build());
        queue.clean(JobState.DELAYED, Duration.ZERO, 0);
        List<QueueEvent> resumed = new CopyOnWriteArrayList<>();
        try (QueueEvents events = new QueueEvents("ev", qo, resumed::add, resumeFrom).start()) {
            await().atMost(WAIT).until(() -> resumed.size() >= 5);
        }
        assertThat(resumed).extracting(QueueEvent::type)
                .containsExactly("paused", "resumed", "added", "delayed", "cleaned");
        assertThat(resumed.get(3).delayUntil()).isGreaterThan(System.currentTimeMillis());
        assertThat(resumed.get(4).fields()).containsEntry("count", "1");
    }
}
