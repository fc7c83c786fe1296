package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testing.ManualClock;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Manual processing (BullMQ's getNextJob / moveToCompleted / moveToFailed / moveToDelayed / moveToWait). */
@ExtendWith(RedisExtension.class)
class ManualProcessingTest {

    private final TestRedis redis;
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final QueueOptions qo;

    ManualProcessingTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).clock(clock)
                .random(() -> 0.5).build();
    }

    private String key(String suffix) {
        return redis.prefix() + ":m:" + suffix;
    }

    @Test
    void jobsAreTakenUnderTheCallersTokenAndTheNextComesWithTheFinish() {
        try (Queue q = new Queue("m", qo); Worker w = new Worker("m", null, WorkerOptions.builder().name("me").build(), qo);
             Jedis jedis = redis.jedis()) {
            String a = q.add("a", 1);
            String b = q.add("b", 2);
            Job first = w.getNextJob("tok").orElseThrow();
            assertThat(first.id()).isEqualTo(a);
            assertThat(jedis.get(key(a + ":lock"))).isEqualTo("tok");
            assertThat(first.processedBy()).contains("me");

            Job second = first.moveToCompleted("done", "tok", true).orElseThrow();
            assertThat(second.id()).isEqualTo(b);
            assertThat(jedis.get(key(b + ":lock"))).isEqualTo("tok");
            assertThat(q.getJob(a).orElseThrow().returnValue().asText()).isEqualTo("done");

            assertThat(second.moveToCompleted(null, "tok", true)).isEmpty();
            assertThat(w.getNextJob("tok")).isEmpty();
        }
    }

    @Test
    void aFailedAttemptIsRetriedAfterItsBackoffThenFailsForGood() {
        try (Queue q = new Queue("m", qo); Worker w = new Worker("m", null, WorkerOptions.DEFAULTS, qo)) {
            String id = q.add("x", 1, JobOptions.builder().attempts(2).backoff(Backoff.fixed(1_000).withJitter(0.5))
                    .build());
            w.getNextJob("t").orElseThrow().moveToFailed(new IllegalStateException("first"), "t", false);
            assertThat(q.getJobState(id)).isEqualTo(JobState.DELAYED);
            // jitter 0.5 with random 0.5: 750 ms
            assertThat(q.getJob(id).orElseThrow().delay()).isEqualTo(750);

            clock.advance(Duration.ofMillis(750));
            Job again = w.getNextJob("t").orElseThrow();
            assertThat(again.moveToFailed(new IllegalStateException("second"), "t", true)).isEmpty();
            Job failed = q.getJob(id).orElseThrow();
            assertThat(q.getJobState(id)).isEqualTo(JobState.FAILED);
            assertThat(failed.failedReason()).contains("second");
            assertThat(failed.attemptsMade()).isEqualTo(2);
        }
    }

    @Test
    void delayAndRateLimitGiveTheJobBackWithoutCountingAnAttempt() {
        try (Queue q = new Queue("m", qo); Worker w = new Worker("m", null, WorkerOptions.DEFAULTS, qo);
             Jedis jedis = redis.jedis()) {
            String id = q.add("x", 1);
            w.getNextJob("t").orElseThrow().moveToDelayed(clock.instant().plusSeconds(5), "t");
            assertThat(q.getJobState(id)).isEqualTo(JobState.DELAYED);
            assertThat(w.getNextJob("t")).isEmpty();

            clock.advance(Duration.ofSeconds(5));
            Job job = w.getNextJob("t").orElseThrow();
            w.rateLimit(Duration.ofMinutes(10));
            assertThat(job.moveToWait("t")).isPositive();
            assertThat(q.getJobState(id)).isEqualTo(JobState.WAITING);
            assertThat(w.getNextJob("t")).as("this worker waits the limit out").isEmpty();

            clock.advance(Duration.ofMinutes(10));
            jedis.del(key("limiter")); // its ttl ran out on Redis' own clock
            assertThat(w.getNextJob("t").orElseThrow().attemptsMade()).isZero();
        }
    }

    @Test
    void aStaleTokenCannotSettleTheJob() {
        try (Queue q = new Queue("m", qo); Worker w = new Worker("m", null, WorkerOptions.DEFAULTS, qo)) {
            q.add("x", 1);
            Job job = w.getNextJob("mine").orElseThrow();
            assertThatThrownBy(() -> job.moveToCompleted(1, "theirs", false)).isInstanceOf(QueueException.class)
                    .extracting(e -> ((QueueException) e).kind()).isEqualTo(QueueException.Kind.LOCK_MISMATCH);
        }
    }

    @Test
    void aWorkerWithoutProcessorCannotStart() {
        try (Worker w = new Worker("m", null, WorkerOptions.DEFAULTS, qo)) {
            assertThatThrownBy(w::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("manual");
        }
    }
}
