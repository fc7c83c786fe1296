package dev.drover.sync;

import dev.drover.testing.ManualClock;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_CONTROL;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.lead_sync.tables.records.SyncSegmentsControlRecord;
import dev.drover.sync.crm.RequestRateLimiter;
import dev.drover.sync.crm.SprintHubClient;
import dev.drover.sync.crm.SprintHubConfig;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Wires a sync against a test database and a fresh simulator; close it after the test. */
final class SyncFixture implements AutoCloseable {

    static final String TOKEN = "tok-9f8e7d6c5b4a";
    private static final ObjectMapper JSON = new ObjectMapper();

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    final SprintHubSimulator sim = SprintHubSimulator.start(TOKEN, "oficialmed", clock);
    final DSLContext dsl;
    final SegmentControl control;

    SyncFixture(TestDatabase db) {
        this.dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        this.control = new SegmentControl(dsl, clock);
    }

    SprintHubConfig config(String token) {
        return SprintHubConfig.of(sim.baseUrl(), token, "oficialmed").withPageSize(10)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withRetry(2, Duration.ofMillis(10), Duration.ofSeconds(2));
    }

    SegmentSync sync() {
        return sync(TOKEN);
    }

    SegmentSync sync(String token) {
        return new SegmentSync(dsl, new SprintHubClient(config(token), RequestRateLimiter.unlimited()), clock);
    }

    void addSegment(long segmentId) {
        control.add(segmentId, new Schedule.Every(Duration.ofHours(1)), SyncMode.INCREMENTAL, "segment " + segmentId);
    }

    SyncSegmentsControlRecord controlRow(long segmentId) {
        return dsl.selectFrom(SYNC_SEGMENTS_CONTROL).where(SYNC_SEGMENTS_CONTROL.SEGMENT_ID.eq(segmentId)).fetchOne();
    }

    static SyncStats stats(JSONB json) {
        try {
            return JSON.readValue(json.data(), SyncStats.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        sim.close();
    }
}
