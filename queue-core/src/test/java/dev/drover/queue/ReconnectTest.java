package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.DedicatedRedisServer;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Workers and QueueEvents ride out a Redis restart: nothing lost, nothing run twice, events resume. */
@ExtendWith(RedisExtension.class)
@DedicatedRedisServer
class ReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void workerAndEventsContinueAfterRedisIsKilledAndRestarted(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        List<QueueEvent> events = new CopyOnWriteArrayList<>();
        try (Queue q = new Queue("rc", qo);
             QueueEvents qe = new QueueEvents("rc", qo, events::add).start();
             Worker w = new Worker("rc", job -> runs.computeIfAbsent(job.id(), k -> new AtomicInteger())
                     .incrementAndGet(), WorkerOptions.builder().drainDelay(Duration.ofSeconds(1)).build(), qo).start()) {
            String before = q.add("x", 1);
            await().atMost(WAIT).until(() -> q.getJobState(before) == JobState.COMPLETED);
            redis.server().kill();
            redis.server().start();
            String after = await().atMost(WAIT).ignoreExceptions().until(() -> q.add("x", 2), id -> id != null);
            await().atMost(WAIT).until(() -> q.getJobState(after) == JobState.COMPLETED);
            await().atMost(WAIT).until(() -> events.stream().anyMatch(
                    e -> e.type().equals("completed") && e.jobId().orElse("").equals(after)));
            assertThat(runs.values()).allMatch(n -> n.get() == 1);
        }
    }

    @Test
    void aDroppedConnectionThatHadWorkedIsNotBlamedOnTls(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        try (Queue q = new Queue("drop", qo)) {
            q.add("x", 1);
            redis.server().kill();
            redis.server().start();
            // the pooled connection is stale now: the next call may fail on it, but not with the TLS hint
            try {
                q.add("x", 2);
            } catch (QueueException e) {
                assertThat(e.getMessage()).doesNotContain("rediss://");
            }
        }
    }
}
