package dev.drover.sync;

import static dev.drover.db.generated.lead_sync.Tables.SYSTEM_ALERTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.db.generated.lead_sync.enums.AlertLevel;
import dev.drover.db.generated.lead_sync.enums.SegmentStatus;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.sim.sprinthub.SimFault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SyncAlertsTest {

    private SyncFixture f;

    @BeforeEach
    void setUp(TestDatabase db) {
        f = new SyncFixture(db);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private List<String> alertTypes() {
        return f.dsl.select(SYSTEM_ALERTS.ALERT_TYPE).from(SYSTEM_ALERTS).orderBy(SYSTEM_ALERTS.ID).fetch(SYSTEM_ALERTS.ALERT_TYPE);
    }

    @Test
    void healthyRunRaisesNothing() {
        f.addSegment(1);
        f.sim.segment(1).addLeads(1, 20);

        f.sync().run(new SyncRequest(1, SyncMode.FULL, "job-1"));

        assertThat(alertTypes()).isEmpty();
    }

    @Test
    void successRateBelow95PercentRaisesAWarning() {
        f.addSegment(1);
        // 19 of 20 is exactly 95 %: no alert; 18 of 20 is 90 %: alert.
        f.sim.segment(1).addLeads(1, 19).put(SegmentSyncTest.badLead("{\"id\":\"x\"}"));
        f.sync().run(new SyncRequest(1, SyncMode.FULL, "job-1"));
        assertThat(alertTypes()).isEmpty();

        f.sim.segment(1).remove(19).put(SegmentSyncTest.badLead("{\"id\":\"y\"}"));
        f.sync().run(new SyncRequest(1, SyncMode.FULL, "job-2"));

        var alert = f.dsl.selectFrom(SYSTEM_ALERTS).fetchSingle();
        assertThat(alert.getAlertType()).isEqualTo("low_success_rate");
        assertThat(alert.getLevel()).isEqualTo(AlertLevel.warning);
        assertThat(alert.getSegmentId()).isEqualTo(1L);
        assertThat(alert.getRunId()).isEqualTo("job-2");
        assertThat(alert.getMessage()).contains("90.00 %");
    }

    @Test
    void runLongerThanTenMinutesRaisesAWarning() {
        f.addSegment(2);
        f.sim.segment(2).addLeads(1, 25);
        // Each CRM call "takes" four minutes: three pages make twelve.
        f.sim.onRequest(r -> f.clock.advance(Duration.ofMinutes(4)));

        SyncResult r = f.sync().run(new SyncRequest(2, SyncMode.FULL, "job-1"));

        assertThat(r.duration()).isEqualTo(Duration.ofMinutes(12));
        assertThat(alertTypes()).containsExactly("slow_run");
    }

    @Test
    void exactlyTenMinutesIsNotSlow() {
        f.addSegment(2);
        f.sim.segment(2).addLeads(1, 20);
        f.sim.onRequest(r -> f.clock.advance(Duration.ofMinutes(5)));

        f.sync().run(new SyncRequest(2, SyncMode.FULL, "job-1"));

        assertThat(alertTypes()).isEmpty();
    }

    @Test
    void moreThanFiveConsecutiveFailuresSetsErrorAndStopsScheduling() {
        f.addSegment(3);
        f.sim.segment(3).addLeads(1, 5);
        f.sim.failAny(SimFault.status(500), 100);
        SegmentScheduler scheduler = new SegmentScheduler(f.dsl, f.clock);

        for (int i = 1; i <= 5; i++) {
            runFailing("job-" + i);
        }
        assertThat(f.controlRow(3).getStatus()).isEqualTo(SegmentStatus.active);
        assertThat(alertTypes()).isEmpty();

        runFailing("job-6");

        assertThat(f.controlRow(3).getStatus()).isEqualTo(SegmentStatus.error);
        assertThat(f.controlRow(3).getConsecutiveFailures()).isEqualTo(6);
        var alert = f.dsl.selectFrom(SYSTEM_ALERTS).fetchSingle();
        assertThat(alert.getAlertType()).isEqualTo("consecutive_failures");
        assertThat(alert.getLevel()).isEqualTo(AlertLevel.critical);
        f.clock.advance(Duration.ofDays(1));
        assertThat(scheduler.claimDue(10)).isEmpty();

        f.control.resume(3);
        assertThat(scheduler.claimDue(10)).extracting(ClaimedSegment::segmentId).containsExactly(3L);
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        f.addSegment(4);
        f.sim.segment(4).addLeads(1, 5);
        f.sim.failAny(SimFault.status(500), 2);
        runFailingOn(4, "job-1");

        f.sync().run(new SyncRequest(4, SyncMode.FULL, "job-2"));

        assertThat(f.controlRow(4).getConsecutiveFailures()).isZero();
        assertThat(f.controlRow(4).getLastError()).isNull();
    }

    private void runFailing(String runId) {
        runFailingOn(3, runId);
    }

    private void runFailingOn(long segment, String runId) {
        assertThatThrownBy(() -> f.sync().run(new SyncRequest(segment, SyncMode.FULL, runId)))
                .isInstanceOf(SyncFailedException.class);
    }
}
