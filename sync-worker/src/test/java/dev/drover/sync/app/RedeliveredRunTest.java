package dev.drover.sync.app;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.sync.Schedule;
import dev.drover.sync.SegmentControl;
import dev.drover.sync.SyncJobData;
import dev.drover.sync.SyncMode;
import dev.drover.testing.CrashPoint;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A daemon SIGKILLed after its run wrote the {@code sync_segments_logs} row and before the queue job was acknowledged:
 * the stalled check hands the job to another daemon, which must see that the run finished (its
 * {@code drover.processed_jobs} row, committed with the log row) and complete the job at once with the first run's
 * result: no second row, no CRM call.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class RedeliveredRunTest {

    private static final long SEGMENT = 23;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aFinishedRunWhoseJobIsRedeliveredCompletesWithoutRunningAgain(TestRedis redis, TestDatabase db)
            throws Exception {
        var dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        try (SprintHubSimulator sim = SprintHubSimulator.start(SyncDaemonProcessTest.TOKEN, "oficialmed");
             Queue queue = new Queue(SyncJobData.QUEUE, QueueOptions.builder().redisUrl(redis.url())
                     .prefix(redis.prefix()).build())) {
            new SegmentControl(dsl, InstantSource.system()).add(SEGMENT, Schedule.every("1d"), SyncMode.INCREMENTAL, null);
            sim.segment(SEGMENT).addLeads(1, 25);
            Map<String, String> env = new HashMap<>(SyncDaemonProcessTest.env(redis, db, sim));
            env.putAll(Map.of("LOCK_DURATION", "2s", "STALLED_INTERVAL", "1s"));
            Path crashPoint = CrashPoint.newMarker();
            Map<String, String> crashing = new HashMap<>(env);
            crashing.put(CrashPoint.ENV, crashPoint.toString());

            String runId;
            try (DaemonProcess first = DaemonProcess.start(CrashingSyncWorkerMain.class, crashing, "run")) {
                await().atMost(WAIT).until(() -> CrashPoint.detail(crashPoint) != null);
                runId = CrashPoint.detail(crashPoint);
                first.process.destroyForcibly(); // SIGKILL between the log row's commit and the acknowledgement
                assertThat(first.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
            }
            assertThat(queue.getJobState(runId)).isEqualTo(JobState.ACTIVE);
            assertThat(dsl.fetchCount(SYNC_SEGMENTS_LOGS)).isEqualTo(1);
            String firstStats = dsl.select(SYNC_SEGMENTS_LOGS.STATS).from(SYNC_SEGMENTS_LOGS).fetchSingle().value1().data();
            int callsBefore = sim.requestCount();

            try (DaemonProcess second = DaemonProcess.start(env, "run")) {
                await().atMost(WAIT).until(() -> queue.getJobState(runId) == JobState.COMPLETED);
                second.process.destroy();
                assertThat(second.awaitExit(Duration.ofSeconds(30))).as(second.output()).isZero();
                assertThat(second.output()).contains("already finished");
            }
            assertThat(sim.requestCount()).as("no CRM call for a finished run").isEqualTo(callsBefore);
            assertThat(dsl.fetchCount(SYNC_SEGMENTS_LOGS)).isEqualTo(1);
            assertThat(dsl.fetchCount(SYNC_SEGMENTS_LOGS, SYNC_SEGMENTS_LOGS.RUN_ID.eq(runId))).isEqualTo(1);
            var returned = queue.getJob(runId).orElseThrow().returnValue();
            assertThat(returned.get("alreadyFinished").asBoolean()).isTrue();
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            assertThat(returned.get("stats")).isEqualTo(json.readTree(firstStats));
            // the run finished on JobEffects: its row in drover.processed_jobs holds the result the replay returned
            String stored = dsl.fetchValue("select result::text from drover.processed_jobs where queue = ? and job_id = ?"
                    + " and completed_at is not null", SyncJobData.QUEUE, runId).toString();
            assertThat(json.readTree(stored).get("stats")).isEqualTo(json.readTree(firstStats));
        }
    }
}
