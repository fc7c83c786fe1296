package dev.drover.sync.app;

import static dev.drover.db.generated.lead_sync.Tables.LEADS;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_CONTROL;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.db.generated.lead_sync.enums.SyncLogStatus;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.sync.Schedule;
import dev.drover.sync.SegmentControl;
import dev.drover.sync.SyncJobData;
import dev.drover.sync.SyncMode;
import dev.drover.sync.SyncStats;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.sprinthub.SimFault;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A daemon killed with SIGKILL in the middle of a run: another daemon recovers the stalled job (same job id, so same
 * run id) and resumes at the checkpoint page. Every lead ends up stored once and the run's stats count each page once.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class SigkillResumeTest {

    private static final long SEGMENT = 21;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aRunKilledMidWayResumesFromItsCheckpointInAnotherProcess(TestRedis redis, TestDatabase db) throws Exception {
        var dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        try (SprintHubSimulator sim = SprintHubSimulator.start(SyncDaemonProcessTest.TOKEN, "oficialmed")) {
            new SegmentControl(dsl, InstantSource.system()).add(SEGMENT, Schedule.every("1d"), SyncMode.INCREMENTAL, null);
            sim.segment(SEGMENT).addLeads(1, 50);
            // pages 0..2 commit, then page 3 hangs: the kill lands while the run is between checkpoints
            CountDownLatch atPage3 = new CountDownLatch(1);
            sim.failPage(SEGMENT, 3, SimFault.hang(Duration.ofMinutes(2)), 1)
                    .onRequest(r -> { if (r.segmentId() == SEGMENT && r.page() == 3) atPage3.countDown(); });
            Map<String, String> env = SyncDaemonProcessTest.env(redis, db, sim);
            // a dead process's job is taken over after its lock expires; keep that short for the test
            env.putAll(Map.of("LOCK_DURATION", "2s", "STALLED_INTERVAL", "1s"));

            try (DaemonProcess first = DaemonProcess.start(env, "run")) {
                assertThat(atPage3.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as(first.output()).isTrue();
                assertThat(dsl.select(SYNC_SEGMENTS_CONTROL.CHECKPOINT_PAGE).from(SYNC_SEGMENTS_CONTROL)
                        .where(SYNC_SEGMENTS_CONTROL.SEGMENT_ID.eq(SEGMENT)).fetchSingle().value1()).isEqualTo(3);
                first.process.destroyForcibly(); // SIGKILL
                assertThat(first.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
            }
            try (DaemonProcess second = DaemonProcess.start(env, "run")) {
                await().atMost(WAIT).until(() -> dsl.fetchCount(SYNC_SEGMENTS_LOGS) > 0);
                second.process.destroy();
                assertThat(second.awaitExit(Duration.ofSeconds(30))).isZero();
            }
            assertThat(sim.pagesRequested(SEGMENT)).as("resumed at page 3, not 0").containsExactly(0, 1, 2, 3, 3, 4);
        }
        var log = dsl.selectFrom(SYNC_SEGMENTS_LOGS).fetchSingle();
        assertThat(log.getStatus()).isEqualTo(SyncLogStatus.success);
        assertThat(LeadSyncQueueTest.stats(log.getStats().data())).isEqualTo(new SyncStats(50, 50, 50, 0, 0, 0, 5, 5));
        assertThat(dsl.fetchCount(LEADS)).isEqualTo(50);
        assertThat(dsl.fetchCount(DSL.selectDistinct(LEADS.ID).from(LEADS))).isEqualTo(50);
        try (Queue q = new Queue(SyncJobData.QUEUE, QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build())) {
            assertThat(q.getJobState(log.getRunId())).as("the same job, recovered").isEqualTo(JobState.COMPLETED);
            assertThat(q.getJobs(JobState.COMPLETED, 0, -1)).hasSize(1);
            assertThat(q.getJobCounts().get(JobState.FAILED)).isZero();
        }
    }
}
