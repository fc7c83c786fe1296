package dev.drover.queue.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.Backoff;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobOutcome;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.UnrecoverableJobException;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;

/** Micrometer meters from a real worker on a real Redis: counters, timers, active and depth gauges, stalls. */
@ExtendWith(RedisExtension.class)
class QueueMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final QueueMetrics metrics = new QueueMetrics(registry, Duration.ZERO);

    @Test
    void countsAndTimesEachOutcomeByQueueAndJobName(TestRedis redis) throws Exception {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).telemetry(metrics).build();
        CountDownLatch release = new CountDownLatch(1);
        try (Queue q = new Queue("mail", qo)) {
            metrics.watchQueue(q);
            q.add("welcome", "a");
            q.add("welcome", "b");
            q.add("broken", "c");                                                  // fails for good
            q.add("flaky", "d", JobOptions.builder().attempts(2).build());         // retried once, then completes
            q.add("later", "e");                                                   // delays itself once
            q.add("block", "f");
            try (Worker w = new Worker("mail", job -> switch (job.name()) {
                case "broken" -> throw new UnrecoverableJobException("no");
                case "flaky" -> {
                    if (job.attemptsMade() == 0) throw new IllegalStateException("first try");
                    yield "ok";
                }
                case "later" -> job.attemptsStarted() == 1 ? JobOutcome.delayUntil(Instant.now().plusMillis(50)) : "done";
                case "block" -> {
                    release.await(30, TimeUnit.SECONDS);
                    yield null;
                }
                default -> "sent";
            }, WorkerOptions.builder().concurrency(4).build(), qo).start()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(count("drover.jobs.completed", "welcome")).isEqualTo(2);
                    assertThat(count("drover.jobs.completed", "flaky")).isEqualTo(1);
                    assertThat(count("drover.jobs.retried", "flaky")).isEqualTo(1);
                    assertThat(count("drover.jobs.failed", "broken")).isEqualTo(1);
                    assertThat(registry.find("drover.jobs.active").tag("queue", "mail").gauge().value()).isEqualTo(1);
                });
                assertThat(gauge("drover.queue.depth", "state", "active")).isEqualTo(1);
                assertThat(gauge("drover.queue.depth", "state", "failed")).isEqualTo(1);
                release.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> q.getJobCounts().get(JobState.COMPLETED) == 5);
            }
            assertThat(gauge("drover.queue.depth", "state", "completed")).isEqualTo(5);
            assertThat(registry.find("drover.jobs.active").tag("queue", "mail").gauge().value()).isZero();
        }
        assertThat(timer("welcome", "completed").count()).isEqualTo(2);
        assertThat(timer("flaky", "retried").count()).isEqualTo(1);
        assertThat(timer("flaky", "completed").count()).isEqualTo(1);
        assertThat(timer("broken", "failed").count()).isEqualTo(1);
        assertThat(timer("later", "delayed").count()).isEqualTo(1);
        assertThat(timer("block", "completed").totalTime(TimeUnit.NANOSECONDS)).isPositive();
        // first starts only: the retry and the delayed job's second run are not waits
        assertThat(RequiredSearch.in(registry).name("drover.job.wait").tag("name", "flaky").timer().count()).isOne();
        assertThat(RequiredSearch.in(registry).name("drover.job.wait").tag("name", "later").timer().count()).isOne();
        assertThat(registry.find("drover.jobs.completed").tag("name", "later").counter().count()).isOne();
    }

    @Test
    void countsJobsTheStalledCheckRecovers(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).telemetry(metrics).build();
        try (Queue q = new Queue("stall", qo)) {
            String id = q.add("orphan", "x");
            try (Jedis j = redis.jedis()) {
                // what a worker that died mid-job leaves: the job in active, no lock
                j.lmove(redis.prefix() + ":stall:wait", redis.prefix() + ":stall:active", ListDirection.RIGHT,
                        ListDirection.LEFT);
            }
            try (Worker w = new Worker("stall", job -> "recovered", WorkerOptions.builder()
                    .stalledInterval(Duration.ofMillis(200)).build(), qo).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> q.getJobState(id) == JobState.COMPLETED);
            }
        }
        assertThat(registry.get("drover.jobs.stalled").tag("queue", "stall").counter().count()).isEqualTo(1);
        assertThat(registry.get("drover.jobs.completed").tag("name", "orphan").counter().count()).isEqualTo(1);
    }

    @Test
    void failsJobsThatNeverReachTheProcessorWithoutTimingThem(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).telemetry(metrics).build();
        try (Queue q = new Queue("bad", qo)) {
            String id = q.add("garbled", "x", JobOptions.builder().backoff(Backoff.fixed(10)).build());
            try (Jedis j = redis.jedis()) {
                j.hset(redis.prefix() + ":bad:" + id, "data", "{not json");
            }
            try (Worker w = new Worker("bad", job -> "never", WorkerOptions.DEFAULTS, qo).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> q.getJobState(id) == JobState.FAILED);
            }
        }
        assertThat(registry.get("drover.jobs.failed").tag("name", "garbled").counter().count()).isEqualTo(1);
        assertThat(registry.find("drover.job.processing").timers()).isEmpty();
    }

    private double count(String name, String jobName) {
        var c = registry.find(name).tags("queue", "mail", "name", jobName).counter();
        return c == null ? 0 : c.count();
    }

    private double gauge(String name, String tag, String value) {
        return registry.get(name).tags("queue", "mail", tag, value).gauge().value();
    }

    private io.micrometer.core.instrument.Timer timer(String jobName, String outcome) {
        return registry.get("drover.job.processing").tags("queue", "mail", "name", jobName, "outcome", outcome).timer();
    }
}
