package dev.drover.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.JobState;
import dev.drover.queue.MetricsType;
import dev.drover.queue.Queue;
import dev.drover.queue.UnrecoverableJobException;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A daemon in this JVM: start checks, health, metrics and the two-phase close. */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class DaemonTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void servesHealthAndCountsJobsInMetrics(TestRedis redis, TestDatabase db) {
        DaemonOptions opts = DaemonOptions.of(redis.url(), db.url(), redis.prefix(), 0, Duration.ofSeconds(5));
        try (Daemon d = Daemon.start("test-daemon", opts, Map.of());
             Queue q = new Queue("jobs", d.queueOptions())) {
            d.worker("jobs", job -> {
                if (job.name().equals("bad")) {
                    throw new UnrecoverableJobException("bad job");
                }
                return "ok";
            }, WorkerOptions.builder().build());
            q.add("good", Map.of());
            q.add("good", Map.of());
            String bad = q.add("bad", Map.of());
            await().atMost(WAIT).until(() -> q.getJobState(bad) == JobState.FAILED
                    && q.getJobCounts().get(JobState.COMPLETED) == 2);

            assertThat(Http.get(d.httpPort(), "/health/live").status()).isEqualTo(200);
            Http.Reply ready = Http.get(d.httpPort(), "/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body()).contains("redis: ok", "postgres: ok");
            String metrics = Http.get(d.httpPort(), "/metrics").body();
            assertThat(metrics)
                    .contains("drover_jobs_completed_total{queue=\"jobs\"} 2.0")
                    .contains("drover_jobs_failed_total{queue=\"jobs\"} 1.0")
                    .contains("drover_jobs_active{queue=\"jobs\"} 0.0")
                    .contains("drover_job_processing_seconds_count{queue=\"jobs\"} 3")
                    .contains("drover_job_processing_seconds_bucket{queue=\"jobs\",le=")
                    .contains("drover_queue_depth{queue=\"jobs\",state=\"completed\"} 2.0")
                    .contains("drover_queue_depth{queue=\"jobs\",state=\"failed\"} 1.0")
                    .contains("drover_lock_renewal_failures_total{queue=\"jobs\"} 0.0");
            // BullMQ's per-minute metrics, which bull-board and the dashboard chart
            assertThat(q.getMetrics(MetricsType.COMPLETED, 0, -1).count()).isEqualTo(2);
            assertThat(q.getMetrics(MetricsType.FAILED, 0, -1).count()).isEqualTo(1);
        }
    }

    @Test
    void readinessFailsWhileStoppingAndCloseReleasesJobsPastTheDeadline(TestRedis redis, TestDatabase db) {
        DaemonOptions opts = DaemonOptions.of(redis.url(), db.url(), redis.prefix(), 0, Duration.ofMillis(300));
        Daemon d = Daemon.start("test-daemon", opts, Map.of());
        try (Queue q = new Queue("slow", d.queueOptions())) {
            d.worker("slow", job -> {
                Thread.sleep(60_000);
                return "never";
            }, WorkerOptions.builder().build());
            String id = q.add("slow", Map.of());
            await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.ACTIVE);

            d.close();

            assertThat(q.getJobState(id)).isEqualTo(JobState.WAITING);
            assertThat(Http.get(d.httpPort() , "/health/live").status()).isEqualTo(-1);
        }
    }

    @Test
    void anUnreachablePostgresIsNamedByHostAndPort(TestRedis redis) {
        int port = FreePort.pick();
        DaemonOptions opts = DaemonOptions.of(redis.url(), "postgres://app:s3cret@127.0.0.1:" + port + "/x",
                redis.prefix(), 0, Duration.ofSeconds(1));

        assertThatThrownBy(() -> Daemon.start("test-daemon", opts, Map.of()))
                .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessageStartingWith("cannot reach Postgres at 127.0.0.1:" + port + ": ")
                .hasMessageNotContaining("s3cret");
    }
}
