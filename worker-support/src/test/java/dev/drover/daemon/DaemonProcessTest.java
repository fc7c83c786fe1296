package dev.drover.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SampleDaemonMain} as its own JVM: real HTTP, real signals, real exit codes. */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class DaemonProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private Process process;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private int start(TestRedis redis, TestDatabase db, String shutdownTimeout) throws IOException {
        int port = FreePort.pick();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SampleDaemonMain.class.getName())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(Map.of("REDIS_URL", redis.url(), "DATABASE_URL", db.url(),
                "QUEUE_PREFIX", redis.prefix(), "HTTP_PORT", String.valueOf(port), "SHUTDOWN_TIMEOUT", shutdownTimeout));
        process = pb.start();
        await().atMost(WAIT).until(() -> Http.get(port, "/health/ready").status() == 200);
        return port;
    }

    private void signal(String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).start().waitFor();
    }

    @Test
    void sigtermLetsTheRunningJobFinishThenExitsZero(TestRedis redis, TestDatabase db) throws Exception {
        int port = start(redis, db, "30s");
        try (Queue q = new Queue("sample", QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build())) {
            String id = q.add("nap", Map.of("ms", 3000));
            await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.ACTIVE);
            // Redis says active a moment before the processor starts
            await().atMost(WAIT).until(() -> Http.get(port, "/metrics").body()
                    .contains("drover_jobs_active{queue=\"sample\"} 1.0"));

            signal("TERM");

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(q.getJobState(id)).isEqualTo(JobState.COMPLETED);
        }
    }

    @Test
    void aSecondSigtermReleasesTheRunningJobAndExitsZero(TestRedis redis, TestDatabase db) throws Exception {
        start(redis, db, "10m");
        try (Queue q = new Queue("sample", QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build())) {
            String id = q.add("nap", Map.of("ms", 600_000));
            await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.ACTIVE);

            signal("TERM");
            assertThat(process.waitFor(1, TimeUnit.SECONDS)).as("still draining after one SIGTERM").isFalse();
            signal("TERM");

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(q.getJobState(id)).isEqualTo(JobState.WAITING);
        }
    }
}
