package dev.drover.sync;

import static dev.drover.db.generated.lead_sync.Tables.LEADS;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

@ExtendWith(PostgresExtension.class)
class SegmentSyncTest {

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
    void firstRunInsertsEveryLeadThenIncrementalWritesOnlyChanges() {
        f.addSegment(5);
        f.sim.segment(5).addLeads(1, 25);
        Instant firstStart = f.clock.instant();

        SyncResult first = f.sync().run(new SyncRequest(5, SyncMode.INCREMENTAL, "run-1"));

        assertThat(first.stats()).isEqualTo(new SyncStats(25, 25, 25, 0, 0, 0, 3, 3));
        assertThat(f.dsl.fetchCount(LEADS)).isEqualTo(25);
        assertThat(f.controlRow(5).getSuccessWatermark().toInstant()).isEqualTo(firstStart);

        f.clock.advance(Duration.ofHours(1));
        f.sim.segment(5).touch(3).touch(14).touch(25).addLeads(26, 2);
        SyncResult second = f.sync().run(new SyncRequest(5, SyncMode.INCREMENTAL, "run-2"));

        assertThat(second.stats()).isEqualTo(new SyncStats(27, 27, 2, 3, 22, 0, 3, 3));
        assertThat(f.dsl.select(LEADS.STAGE, LEADS.POINTS).from(LEADS).where(LEADS.ID.eq(14L)).fetchOne())
                .satisfies(r -> {
                    assertThat(r.value1()).isEqualTo("negotiation");
                    assertThat(r.value2()).isEqualTo(24);
                });

        SyncResult full = f.sync().run(new SyncRequest(5, SyncMode.FULL, "run-3"));
        assertThat(full.stats()).isEqualTo(new SyncStats(27, 27, 0, 27, 0, 0, 3, 3));
    }

    @Test
    void writesALogRowAndResetsTheControlRow() {
        f.addSegment(6);
        f.sim.segment(6).addLeads(100, 12);

        f.sync().run(new SyncRequest(6, SyncMode.INCREMENTAL, "run-1"));

        var log = f.dsl.selectFrom(SYNC_SEGMENTS_LOGS).where(SYNC_SEGMENTS_LOGS.SEGMENT_ID.eq(6L)).fetchSingle();
        assertThat(log.getStatus()).isEqualTo(SyncLogStatus.success);
        assertThat(log.getRunId()).isEqualTo("run-1");
        assertThat(SyncFixture.stats(log.getStats())).isEqualTo(new SyncStats(12, 12, 12, 0, 0, 0, 2, 2));
        assertThat(log.getSuccessRate()).isEqualByComparingTo("100");
        assertThat(log.getStats().data()).contains("totalLeadsInSegment", "apiCalls", "pages");
        var row = f.controlRow(6);
        assertThat(row.getLastSuccess()).isNotNull();
        assertThat(row.getConsecutiveFailures()).isZero();
        assertThat(row.getCheckpointRunId()).isNull();
    }

    @Test
    void hashDetectsChangesWhenTheCrmGivesNoUpdateDate() {
        f.addSegment(7);
        f.sim.segment(7).addLeads(1, 3).edit(1, "updateDate", null).edit(2, "updateDate", null).edit(3, "updateDate", null);
        f.sync().run(new SyncRequest(7, SyncMode.INCREMENTAL, "run-1"));

        f.sim.segment(7).edit(2, "city", "Campinas");
        SyncResult second = f.sync().run(new SyncRequest(7, SyncMode.INCREMENTAL, "run-2"));

        assertThat(second.stats()).isEqualTo(new SyncStats(3, 3, 0, 1, 2, 0, 1, 1));
        assertThat(f.dsl.select(LEADS.CITY).from(LEADS).where(LEADS.ID.eq(2L)).fetchOne().value1()).isEqualTo("Campinas");
    }

    @Test
    void emptySegmentSucceedsAfterOneCall() {
        f.addSegment(8);
        f.sim.segment(8);

        SyncResult r = f.sync().run(new SyncRequest(8, SyncMode.INCREMENTAL, "run-1"));

        assertThat(r.stats()).isEqualTo(new SyncStats(0, 0, 0, 0, 0, 0, 1, 1));
    }

    @Test
    void aRunFailingMidWayResumesFromItsCheckpointAndCountsEveryLeadOnce() {
        f.addSegment(9);
        f.sim.segment(9).addLeads(1, 50);
        f.sim.failPage(9, 3, SimFault.status(500), 2);
        Instant firstStart = f.clock.instant();

        assertThatThrownBy(() -> f.sync().run(new SyncRequest(9, SyncMode.INCREMENTAL, "job-1")))
                .isInstanceOfSatisfying(SyncFailedException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("page 3").hasMessageContaining("HTTP 500");
        assertThat(f.dsl.fetchCount(LEADS)).isEqualTo(30);
        var failed = f.controlRow(9);
        assertThat(failed.getCheckpointPage()).isEqualTo(3);
        assertThat(failed.getConsecutiveFailures()).isEqualTo(1);
        assertThat(failed.getLastFailure()).isNotNull();

        f.sim.resetRequests();
        f.clock.advance(Duration.ofMinutes(2));
        SyncResult resumed = f.sync().run(new SyncRequest(9, SyncMode.INCREMENTAL, "job-1"));

        assertThat(resumed.resumedFrom()).isEqualTo(3);
        assertThat(f.sim.pagesRequested(9)).containsExactly(3, 4);
        // 3 good pages + 2 failed attempts of page 3, then pages 3 and 4.
        assertThat(resumed.stats()).isEqualTo(new SyncStats(50, 50, 50, 0, 0, 0, 7, 5));
        assertThat(f.dsl.fetchCount(LEADS)).isEqualTo(50);
        var done = f.controlRow(9);
        assertThat(done.getCheckpointRunId()).isNull();
        assertThat(done.getConsecutiveFailures()).isZero();
        assertThat(done.getSuccessWatermark().toInstant()).as("the watermark is the run's first start").isEqualTo(firstStart);
        assertThat(f.dsl.fetchCount(SYNC_SEGMENTS_LOGS, SYNC_SEGMENTS_LOGS.RUN_ID.eq("job-1"))).isEqualTo(2);
    }

    @Test
    void anotherRunDoesNotInheritAForeignCheckpoint() {
        f.addSegment(10);
        f.sim.segment(10).addLeads(1, 30);
        f.sim.failPage(10, 2, SimFault.status(503), 2);
        assertThatThrownBy(() -> f.sync().run(new SyncRequest(10, SyncMode.INCREMENTAL, "job-1")))
                .isInstanceOf(SyncFailedException.class);

        SyncResult other = f.sync().run(new SyncRequest(10, SyncMode.INCREMENTAL, "job-2"));

        assertThat(other.resumedFrom()).isZero();
        assertThat(other.stats()).isEqualTo(new SyncStats(30, 30, 10, 0, 20, 0, 3, 3));
    }

    @Test
    void badTokenFailsWithoutRetryAndWithoutPrintingTheToken() {
        f.addSegment(11);
        f.sim.segment(11).addLeads(1, 5);

        assertThatThrownBy(() -> f.sync("not-the-token-123").run(new SyncRequest(11, SyncMode.FULL, "job-1")))
                .isInstanceOfSatisfying(SyncFailedException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("HTTP 401").hasMessageNotContaining("not-the-token-123");
        assertThat(f.controlRow(11).getLastError()).doesNotContain("not-the-token-123");
    }

    @Test
    void unknownSegmentFailsWithAClearReason() {
        assertThatThrownBy(() -> f.sync().run(new SyncRequest(404, SyncMode.FULL, "job-1")))
                .isInstanceOfSatisfying(UnknownSegmentException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("segment 404 is not configured");
        assertThat(f.sim.requestCount()).isZero();
    }

    @Test
    void invalidLeadsCountAsErrors() {
        f.addSegment(12);
        f.sim.segment(12).addLeads(1, 18).put(badLead("{\"id\":\"abc\",\"firstname\":\"No id\"}"))
                .put(badLead("{\"id\":900,\"updateDate\":\"yesterday\"}"));

        SyncResult r = f.sync().run(new SyncRequest(12, SyncMode.FULL, "job-1"));

        assertThat(r.stats()).isEqualTo(new SyncStats(20, 20, 18, 0, 0, 2, 2, 2));
        assertThat(r.stats().successRate()).isEqualByComparingTo(new BigDecimal("90.00"));
    }

    static com.fasterxml.jackson.databind.node.ObjectNode badLead(String json) {
        try {
            return (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
