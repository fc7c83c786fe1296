package dev.drover.sync;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;
import static dev.drover.db.generated.lead_sync.Tables.SYSTEM_ALERTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.db.generated.lead_sync.enums.AlertLevel;
import dev.drover.db.generated.lead_sync.enums.SyncLogStatus;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.sim.sprinthub.SimFault;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a run records (issue 15): one result per run even when its job is delivered again, the whole run's duration,
 * a failed run's rate and alerts, and what {@code segments list} shows as the last run.
 */
@ExtendWith(PostgresExtension.class)
class RunRecordTest {

    private SyncFixture f;

    @BeforeEach
    void setUp(TestDatabase db) {
        f = new SyncFixture(db);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aFinishedRunDeliveredAgainReturnsItsResultWithoutCallingTheCrmOrWritingARow() {
        f.addSegment(1);
        f.sim.segment(1).addLeads(1, 25);
        SyncResult first = f.sync().run(new SyncRequest(1, SyncMode.INCREMENTAL, "job-1"));
        f.sim.resetRequests();
        f.clock.advance(Duration.ofMinutes(5));

        SyncResult again = f.sync().run(new SyncRequest(1, SyncMode.INCREMENTAL, "job-1"));

        assertThat(again.replayed()).isTrue();
        assertThat(again.stats()).isEqualTo(first.stats()).isEqualTo(new SyncStats(25, 25, 25, 0, 0, 0, 3, 3));
        assertThat(again.duration()).isEqualTo(first.duration());
        assertThat(f.sim.requestCount()).isZero();
        assertThat(f.dsl.fetchCount(SYNC_SEGMENTS_LOGS, SYNC_SEGMENTS_LOGS.RUN_ID.eq("job-1"))).isEqualTo(1);
        assertThat(f.controlRow(1).getLastSuccess().toInstant()).as("the first finish stands")
                .isBefore(f.clock.instant());
    }

    @Test
    void aResumedRunRecordsTheDurationOfTheWholeRun() {
        f.addSegment(2);
        f.sim.segment(2).addLeads(1, 30);
        f.sim.failPage(2, 2, SimFault.status(500), 2);
        f.sim.onRequest(r -> f.clock.advance(Duration.ofSeconds(10)));
        Instant start = f.clock.instant();
        assertThatThrownBy(() -> f.sync().run(new SyncRequest(2, SyncMode.INCREMENTAL, "job-1")))
                .isInstanceOf(SyncFailedException.class);
        f.clock.advance(Duration.ofMinutes(2)); // the queue's backoff before the retry

        SyncResult resumed = f.sync().run(new SyncRequest(2, SyncMode.INCREMENTAL, "job-1"));

        Duration whole = Duration.between(start, f.clock.instant());
        assertThat(whole).isEqualTo(Duration.ofSeconds(4 * 10 + 120 + 10));
        assertThat(resumed.duration()).isEqualTo(whole);
        var success = f.dsl.selectFrom(SYNC_SEGMENTS_LOGS).where(SYNC_SEGMENTS_LOGS.STATUS.eq(SyncLogStatus.success))
                .fetchSingle();
        assertThat(success.getDurationSeconds()).isEqualByComparingTo(BigDecimal.valueOf(whole.toSeconds()));
    }

    @Test
    void aRunRefusedByTheCrmNeverReadsAsSuccessAndRaisesACriticalAlertAtOnce() {
        f.addSegment(3);
        f.sim.segment(3).addLeads(1, 5);

        assertThatThrownBy(() -> f.sync("not-the-token-123").run(new SyncRequest(3, SyncMode.FULL, "job-1")))
                .isInstanceOf(SyncFailedException.class);

        var row = f.dsl.selectFrom(SYNC_SEGMENTS_LOGS).fetchSingle();
        assertThat(row.getStatus()).isEqualTo(SyncLogStatus.error);
        assertThat(row.getSuccessRate()).isEqualByComparingTo("0.00");
        var alert = f.dsl.selectFrom(SYSTEM_ALERTS).fetchSingle();
        assertThat(alert.getLevel()).isEqualTo(AlertLevel.critical);
        assertThat(alert.getAlertType()).isEqualTo("authentication_failed");
        assertThat(alert.getMessage()).contains("HTTP 401").doesNotContain("not-the-token-123");
    }

    @Test
    void aRunFailingPartWayReportsTheShareOfTheSegmentItSynced() {
        f.addSegment(4);
        f.sim.segment(4).addLeads(1, 40);
        f.sim.failPage(4, 1, SimFault.status(503), 2);

        assertThatThrownBy(() -> f.sync().run(new SyncRequest(4, SyncMode.FULL, "job-1")))
                .isInstanceOf(SyncFailedException.class);

        assertThat(f.dsl.selectFrom(SYNC_SEGMENTS_LOGS).fetchSingle().getSuccessRate()).isEqualByComparingTo("25.00");
    }

    /**
     * Why an incremental run reads every page (README, sync-worker): a lead that joins a segment without being edited
     * keeps an old {@code updateDate}, sorts after the watermark in {@code updateDate} order, and must still be
     * inserted. A run that stopped at the first lead older than its watermark would never see it.
     */
    @Test
    void anIncrementalRunInsertsALeadThatJoinedTheSegmentWithAnOldUpdateDate() {
        f.addSegment(6);
        f.sim.segment(6).addLeads(1, 15);
        f.sync().run(new SyncRequest(6, SyncMode.INCREMENTAL, "run-1"));
        f.clock.advance(Duration.ofDays(1));
        var joined = f.sim.segment(6).lead(3).orElseThrow().put("id", 99)
                .put("updateDate", f.clock.instant().minus(Duration.ofDays(30)).toString());
        f.sim.segment(6).put(joined);

        SyncResult second = f.sync().run(new SyncRequest(6, SyncMode.INCREMENTAL, "run-2"));

        assertThat(second.stats().inserted()).isEqualTo(1);
        assertThat(second.stats().skipped()).isEqualTo(15);
        assertThat(second.stats().pages()).as("every page read").isEqualTo(2);
    }

    @Test
    void listShowsTheTimeResultAndRateOfTheSameLatestRun() {
        f.addSegment(5);
        f.sim.segment(5).addLeads(1, 5);
        new SegmentScheduler(f.dsl, f.clock).claimDue(10); // the scheduler claims at 10:00 ...
        f.clock.advance(Duration.ofMinutes(1));
        Instant failedAt = f.clock.instant();
        assertThatThrownBy(() -> f.sync("wrong-token").run(new SyncRequest(5, SyncMode.INCREMENTAL, "job-1")))
                .isInstanceOf(SyncFailedException.class); // ... its run fails at 10:01

        SegmentView afterFailure = f.control.list().getFirst();
        assertThat(afterFailure.lastRunAt()).isEqualTo(failedAt);
        assertThat(afterFailure.lastRunStatus()).isEqualTo("error");
        assertThat(afterFailure.lastRunSuccessRate()).isEqualByComparingTo("0.00");

        f.clock.advance(Duration.ofMinutes(30));
        f.sync().run(new SyncRequest(5, SyncMode.INCREMENTAL, "manual-1")); // a manual run, never claimed
        SegmentView afterManual = f.control.list().getFirst();
        assertThat(afterManual.lastRunAt()).isEqualTo(f.clock.instant());
        assertThat(afterManual.lastRunStatus()).isEqualTo("success");
        assertThat(afterManual.lastRunSuccessRate()).isEqualByComparingTo("100.00");
    }
}
