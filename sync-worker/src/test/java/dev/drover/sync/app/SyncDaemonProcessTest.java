package dev.drover.sync.app;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.sync.Schedule;
import dev.drover.sync.SegmentControl;
import dev.drover.sync.SyncMode;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code sync-worker run} as a real process: it syncs, serves health and metrics, stops on SIGTERM, rejects bad config. */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class SyncDaemonProcessTest {

    static final String TOKEN = "tok-daemon-secret-77";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The environment of a daemon against this test's Redis, Postgres and simulator. */
    static Map<String, String> env(TestRedis redis, TestDatabase db, SprintHubSimulator sim) {
        Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", redis.url(), "DATABASE_URL", db.url(),
                "QUEUE_PREFIX", redis.prefix(), "SPRINTHUB_BASE_URL", sim.baseUrl(), "SPRINTHUB_API_TOKEN", TOKEN,
                "SPRINTHUB_INSTANCE", sim.instance(), "SPRINTHUB_PAGE_SIZE", "10", "SCHEDULE_INTERVAL", "200ms"));
        env.put("SHUTDOWN_TIMEOUT", "10s");
        return env;
    }

    @Test
    void runsScheduledSyncsServesHealthAndMetricsAndExitsZeroOnSigterm(TestRedis redis, TestDatabase db)
            throws Exception {
        try (SprintHubSimulator sim = SprintHubSimulator.start(TOKEN, "oficialmed")) {
            Map<String, String> env = env(redis, db, sim);
            var dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
            new SegmentControl(dsl, InstantSource.system()).add(11, Schedule.every("1d"), SyncMode.INCREMENTAL, null);
            sim.segment(11).addLeads(1, 15);

            try (DaemonProcess d = DaemonProcess.start(env, "run")) {
                await().atMost(WAIT).until(() -> d.get("/health/ready").status() == 200);
                assertThat(d.get("/health/live").status()).isEqualTo(200);
                await().atMost(WAIT).until(() -> dsl.fetchCount(SYNC_SEGMENTS_LOGS) == 1);
                // depth is read from Redis, where the job completes just after the worker counted it
                await().atMost(WAIT).untilAsserted(() -> assertThat(d.get("/metrics").body())
                        .contains("drover_jobs_completed_total{name=\"sync-segment\",queue=\"lead-sync\"} 1.0")
                        .contains("drover_queue_depth{queue=\"lead-sync\",state=\"completed\"} 1.0")
                        .contains("drover_job_processing_seconds_count{name=\"sync-segment\",outcome=\"completed\",queue=\"lead-sync\"} 1")
                        .contains("drover_sync_runs_scheduled_total 1.0"));

                d.process.destroy(); // SIGTERM

                assertThat(d.awaitExit(Duration.ofSeconds(30))).as(d.output()).isZero();
                assertThat(d.output()).contains("SIGTERM: stopping").contains("sync-worker stopped");
                assertThat(d.output()).doesNotContain(TOKEN);
            }
        }
    }

    @Test
    void badConfigurationPrintsOneClearLineAndExitsNonZero(TestRedis redis, TestDatabase db) throws Exception {
        try (SprintHubSimulator sim = SprintHubSimulator.start(TOKEN, "oficialmed")) {
            Map<String, String> noToken = env(redis, db, sim);
            noToken.remove("SPRINTHUB_API_TOKEN");
            assertOneLineExit(noToken, 2, "sync-worker run: SPRINTHUB_API_TOKEN is required");

            Map<String, String> badNumber = env(redis, db, sim);
            badNumber.put("CONCURRENCY", "lots");
            assertOneLineExit(badNumber, 2, "invalid CONCURRENCY (--concurrency)");

            Map<String, String> noRedis = env(redis, db, sim);
            int port = FreePort.pick();
            noRedis.put("REDIS_URL", "redis://127.0.0.1:" + port);
            assertOneLineExit(noRedis, 3, "cannot reach Redis at 127.0.0.1:" + port);
        }
    }

    private static void assertOneLineExit(Map<String, String> env, int code, String expected) throws Exception {
        try (DaemonProcess d = DaemonProcess.start(env, "run")) {
            int exit = d.awaitExit(WAIT);
            String out = d.output().strip();
            assertThat(out).as("output").contains(expected).doesNotContain(TOKEN).doesNotContain("\tat ");
            assertThat(out.lines().filter(l -> !l.startsWith("Run with --help")).count()).as(out).isEqualTo(1);
            assertThat(exit).as(out).isEqualTo(code);
        }
    }
}
