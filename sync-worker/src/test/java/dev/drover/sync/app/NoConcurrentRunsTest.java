package dev.drover.sync.app;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.db.generated.lead_sync.enums.SyncLogStatus;
import dev.drover.queue.Processor;
import dev.drover.sync.Schedule;
import dev.drover.sync.SegmentControl;
import dev.drover.sync.SyncJobData;
import dev.drover.sync.SyncMode;
import dev.drover.sync.crm.SprintHubConfig;
import dev.drover.testing.ManualClock;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two sync-worker nodes (each with its own scheduler, worker, Redis and Postgres connections) on one queue and one
 * database, with segments that fall due again while their runs are still going: no segment is ever run twice at once.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class NoConcurrentRunsTest {

    private static final String TOKEN = "tok-two-nodes-42";
    private static final int SEGMENTS = 4;

    private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();
    private final AtomicInteger maxOverlap = new AtomicInteger();

    @Test
    void twoSchedulersAndTwoWorkersNeverRunOneSegmentTwiceAtOnce(TestRedis redis, TestDatabase db) {
        try (SprintHubSimulator sim = SprintHubSimulator.start(TOKEN, "oficialmed", clock)) {
            // every CRM request moves time on by 1 s, so each segment (every 1 s) is due again while it is being run
            sim.onRequest(r -> clock.advance(Duration.ofSeconds(1)));
            SprintHubConfig crm = SprintHubConfig.of(sim.baseUrl(), TOKEN, "oficialmed").withPageSize(5);
            var control = new SegmentControl(DSL.using(db.dataSource(), SQLDialect.POSTGRES), clock);
            for (long id = 1; id <= SEGMENTS; id++) {
                control.add(id, new Schedule.Every(Duration.ofSeconds(1)), SyncMode.INCREMENTAL, null);
                sim.segment(id).addLeads(id * 1000, 20);
            }
            try (var a = node(redis, db, crm); var b = node(redis, db, crm)) {
                a.scheduler.start(Duration.ofMillis(20));
                b.scheduler.start(Duration.ofMillis(20));
                // time also moves while no run is going, so finished segments fall due again
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    clock.advance(Duration.ofSeconds(1));
                    return successfulRuns(db) >= 3 * SEGMENTS;
                });
            }
        }
        assertThat(maxOverlap.get()).as("most runs of one segment at the same time").isEqualTo(1);
        var dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        assertThat(dsl.fetchCount(SYNC_SEGMENTS_LOGS, SYNC_SEGMENTS_LOGS.STATUS.eq(SyncLogStatus.error))).isZero();
        assertThat(dsl.fetchCount(DSL.selectDistinct(SYNC_SEGMENTS_LOGS.SEGMENT_ID).from(SYNC_SEGMENTS_LOGS)))
                .isEqualTo(SEGMENTS);
    }

    private InProcessNode node(TestRedis redis, TestDatabase db, SprintHubConfig crm) {
        var dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        return new InProcessNode(redis, dsl, crm, clock, 4, this::tracked).startWorker();
    }

    /** Wraps the processor to count, per segment, the runs in progress at once. */
    private Processor tracked(Processor inner) {
        return job -> {
            long segment = SyncJobData.fromJson(job.rawData()).segmentId();
            AtomicInteger now = running.computeIfAbsent(segment, s -> new AtomicInteger());
            maxOverlap.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                return inner.process(job);
            } finally {
                now.decrementAndGet();
            }
        };
    }

    private static int successfulRuns(TestDatabase db) {
        return DSL.using(db.dataSource(), SQLDialect.POSTGRES)
                .fetchCount(SYNC_SEGMENTS_LOGS, SYNC_SEGMENTS_LOGS.STATUS.eq(SyncLogStatus.success));
    }
}
