package dev.drover.sync.app;

import static dev.drover.db.generated.lead_sync.Tables.LEADS;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.lead_sync.enums.SyncLogStatus;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.FreePort;
import dev.drover.sync.Schedule;
import dev.drover.sync.SegmentControl;
import dev.drover.sync.SyncJobData;
import dev.drover.sync.SyncMode;
import dev.drover.sync.SyncStats;
import dev.drover.sync.crm.SprintHubConfig;
import dev.drover.testing.ManualClock;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The glue end to end in one JVM: scheduler tick → queue → worker → SegmentSync, against real Redis and Postgres. */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class LeadSyncQueueTest {

    static final String TOKEN = "tok-queue-1234";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final SprintHubSimulator sim = SprintHubSimulator.start(TOKEN, "oficialmed", clock);
    private DSLContext dsl;
    private SegmentControl control;
    private InProcessNode node;

    @BeforeEach
    void setUp(TestRedis redis, TestDatabase db) {
        dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        control = new SegmentControl(dsl, clock);
        SprintHubConfig crm = SprintHubConfig.of(sim.baseUrl(), TOKEN, "oficialmed").withPageSize(10)
                .withRetry(2, Duration.ofMillis(10), Duration.ofSeconds(1));
        node = new InProcessNode(redis, dsl, crm, clock, 2, UnaryOperator.identity());
    }

    @AfterEach
    void tearDown() {
        node.close();
        sim.close();
    }

    @Test
    void aScheduledRunGoesThroughTheQueueAndLogsExactStats() {
        control.add(7, new Schedule.Every(Duration.ofHours(1)), SyncMode.INCREMENTAL, "seven");
        sim.segment(7).addLeads(1, 25);

        assertThat(node.scheduler.tick()).isEqualTo(1);
        assertThat(node.scheduler.tick()).as("not due again within its interval").isZero();
        var waiting = node.queue.getJobs(JobState.WAITING, 0, -1);
        assertThat(waiting).singleElement().satisfies(j -> {
            assertThat(j.name()).isEqualTo(SyncJobData.JOB_NAME);
            assertThat(SyncJobData.fromJson(j.rawData())).isEqualTo(new SyncJobData(7, SyncMode.INCREMENTAL, "schedule"));
        });
        String jobId = waiting.getFirst().id();

        node.startWorker();
        await().atMost(Duration.ofSeconds(30)).until(() -> node.queue.getJobState(jobId) == JobState.COMPLETED);

        var log = dsl.selectFrom(SYNC_SEGMENTS_LOGS).where(SYNC_SEGMENTS_LOGS.SEGMENT_ID.eq(7L)).fetchSingle();
        assertThat(log.getStatus()).isEqualTo(SyncLogStatus.success);
        assertThat(log.getRunId()).isEqualTo(jobId);
        assertThat(stats(log.getStats().data())).isEqualTo(new SyncStats(25, 25, 25, 0, 0, 0, 3, 3));
        assertThat(log.getSuccessRate()).isEqualByComparingTo(new BigDecimal("100"));
        assertThat(dsl.fetchCount(LEADS)).isEqualTo(25);
        assertThat(node.queue.getJob(jobId).orElseThrow().returnValue().path("stats").path("inserted").asLong())
                .isEqualTo(25);
    }

    @Test
    void aDueSegmentWhoseRunIsStillPendingGetsNoSecondJob() {
        control.add(8, new Schedule.Every(Duration.ofMinutes(1)), SyncMode.INCREMENTAL, null);
        assertThat(node.scheduler.tick()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        assertThat(node.scheduler.tick()).as("claimed again, deduplicated").isZero();
        var manual = new SegmentRunEnqueuer(node.queue, SegmentRunEnqueuer.RetryPolicy.DEFAULT)
                .enqueue(control.runNow(8, SyncMode.FULL));

        assertThat(manual.added()).isFalse();
        assertThat(node.queue.getJobCounts().get(JobState.WAITING)).isEqualTo(1);
        assertThat(manual.jobId()).isEqualTo(node.queue.getJobs(JobState.WAITING, 0, -1).getFirst().id());
    }

    @Test
    void aClaimWhoseJobCannotBeAddedIsReleasedForTheNextTick() {
        control.add(10, new Schedule.Every(Duration.ofHours(1)), SyncMode.INCREMENTAL, null);
        var scheduler = new dev.drover.sync.SegmentScheduler(dsl, clock);
        var nowhere = QueueOptions.builder().redisUrl("redis://127.0.0.1:" + FreePort.pick()).build();
        try (Queue down = new Queue(SyncJobData.QUEUE, nowhere);
             SchedulerLoop failing = new SchedulerLoop(scheduler,
                     new SegmentRunEnqueuer(down, SegmentRunEnqueuer.RetryPolicy.DEFAULT), 10,
                     new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            assertThat(failing.tick()).isZero();
        }

        assertThat(node.scheduler.tick()).as("due again at once, not in an hour").isEqualTo(1);
        assertThat(node.queue.getJobCounts().get(JobState.WAITING)).isEqualTo(1);
    }

    @Test
    void aRunAddedByTheNodeBullmqPackageIsProcessedAndDeduplicatesJavaTicks(TestRedis redis) throws Exception {
        control.add(9, new Schedule.Every(Duration.ofHours(1)), SyncMode.INCREMENTAL, null);
        sim.segment(9).addLeads(100, 12);
        String nodeJobId;
        try (NodeBullmq nodeJs = NodeBullmq.v6()) {
            nodeJobId = nodeJs.queue(redis.url(), redis.prefix(), SyncJobData.QUEUE).add(SyncJobData.JOB_NAME,
                    "{\"segmentId\":9,\"mode\":\"FULL\",\"trigger\":\"manual\"}",
                    "{\"deduplication\":{\"id\":\"" + SegmentRunEnqueuer.dedupId(9) + "\"},\"attempts\":3}").id();
        }

        assertThat(node.scheduler.tick()).as("the Node job holds the segment's deduplication id").isZero();
        node.startWorker();
        await().atMost(Duration.ofSeconds(30)).until(() -> node.queue.getJobState(nodeJobId) == JobState.COMPLETED);

        var log = dsl.selectFrom(SYNC_SEGMENTS_LOGS).where(SYNC_SEGMENTS_LOGS.SEGMENT_ID.eq(9L)).fetchSingle();
        assertThat(log.getRunId()).isEqualTo(nodeJobId);
        assertThat(log.getMode().name()).isEqualTo("FULL");
        assertThat(stats(log.getStats().data())).isEqualTo(new SyncStats(12, 12, 12, 0, 0, 0, 2, 2));
    }

    @Test
    void anUnknownSegmentFailsAtOnceWithAClearReason() {
        String jobId = new SegmentRunEnqueuer(node.queue, new SegmentRunEnqueuer.RetryPolicy(3, Duration.ofMillis(10)))
                .enqueue(new SyncJobData(999, SyncMode.INCREMENTAL, SyncJobData.MANUAL)).jobId();
        node.startWorker();

        await().atMost(Duration.ofSeconds(30)).until(() -> node.queue.getJobState(jobId) == JobState.FAILED);
        var job = node.queue.getJob(jobId).orElseThrow();
        assertThat(job.failedReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("segment 999 is not configured for sync").contains("segments add 999"));
        assertThat(job.attemptsMade()).as("not retried").isEqualTo(1);
    }

    @Test
    void badJobDataFailsAtOnceNamingTheField() {
        String badId = node.queue.add(SyncJobData.JOB_NAME, JSON.createObjectNode().put("segmentId", "abc"),
                dev.drover.queue.JobOptions.builder().attempts(3).build());
        String badMode = node.queue.add(SyncJobData.JOB_NAME,
                JSON.createObjectNode().put("segmentId", 5).put("mode", "SOMETIMES"),
                dev.drover.queue.JobOptions.builder().attempts(3).build());
        String badName = node.queue.add("sync-everything", JSON.createObjectNode().put("segmentId", 5));
        node.startWorker();

        await().atMost(Duration.ofSeconds(30)).until(() -> node.queue.getJobCounts().get(JobState.FAILED) == 3);
        assertThat(reason(badId)).contains("needs a numeric segmentId, got \"abc\"");
        assertThat(reason(badMode)).contains("mode must be INCREMENTAL or FULL, got 'SOMETIMES'");
        assertThat(reason(badName)).contains("no processor for job name 'sync-everything'");
        assertThat(node.queue.getJob(badId).orElseThrow().attemptsMade()).isEqualTo(1);
        assertThat(node.worker.isRunning()).isTrue();
    }

    private String reason(String jobId) {
        return node.queue.getJob(jobId).orElseThrow().failedReason().orElseThrow();
    }

    static SyncStats stats(String json) {
        try {
            return JSON.readValue(json, SyncStats.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
