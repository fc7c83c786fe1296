package dev.drover.sync;

import dev.drover.testing.ManualClock;
import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_CONTROL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SegmentSchedulerTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-10T05:00:00Z"));

    private static DSLContext dsl(TestDatabase db) {
        return DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    }

    @Test
    void claimsDueActiveSegmentsAndAdvancesThem(TestDatabase db) {
        SegmentControl control = new SegmentControl(dsl(db), clock);
        control.add(1, new Schedule.Every(Duration.ofHours(6)), SyncMode.INCREMENTAL, null);
        control.add(2, new Schedule.Cron("0 6 * * *", ZoneOffset.UTC), SyncMode.FULL, null);
        control.add(3, new Schedule.Every(Duration.ofHours(1)), SyncMode.INCREMENTAL, null);
        control.pause(3);
        SegmentScheduler scheduler = new SegmentScheduler(dsl(db), clock);

        assertThat(scheduler.claimDue(10)).containsExactlyInAnyOrder(
                new ClaimedSegment(1, SyncMode.INCREMENTAL), new ClaimedSegment(2, SyncMode.FULL));

        assertThat(next(db, 1)).isEqualTo(Instant.parse("2026-01-10T11:00:00Z"));
        assertThat(next(db, 2)).isEqualTo(Instant.parse("2026-01-10T06:00:00Z"));
        assertThat(scheduler.claimDue(10)).as("nothing is due any more").isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(scheduler.claimDue(10)).containsExactly(new ClaimedSegment(2, SyncMode.FULL));
        assertThat(next(db, 2)).isEqualTo(Instant.parse("2026-01-11T06:00:00Z"));
    }

    @Test
    void cronIsReadInTheSegmentsTimeZone(TestDatabase db) {
        new SegmentControl(dsl(db), clock).add(1, new Schedule.Cron("0 6 * * *", ZoneId.of("America/Sao_Paulo")),
                SyncMode.INCREMENTAL, null);

        new SegmentScheduler(dsl(db), clock).claimDue(10);

        assertThat(next(db, 1)).isEqualTo(Instant.parse("2026-01-10T09:00:00Z"));
    }

    @Test
    void twoConcurrentClaimersNeverClaimTheSameSegment(TestDatabase db) throws Exception {
        SegmentControl control = new SegmentControl(dsl(db), clock);
        for (long id = 1; id <= 60; id++) {
            control.add(id, new Schedule.Every(Duration.ofHours(1)), SyncMode.INCREMENTAL, null);
        }
        SegmentScheduler a = new SegmentScheduler(dsl(db), clock);
        SegmentScheduler b = new SegmentScheduler(dsl(db), clock);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            CompletableFuture<List<Long>> fromA = CompletableFuture.supplyAsync(() -> drain(a, go), pool);
            CompletableFuture<List<Long>> fromB = CompletableFuture.supplyAsync(() -> drain(b, go), pool);
            go.countDown();
            List<Long> all = new ArrayList<>(fromA.get());
            all.addAll(fromB.get());

            assertThat(all).hasSize(60).doesNotHaveDuplicates();
            assertThat(Set.copyOf(fromA.get())).doesNotContainAnyElementsOf(new HashSet<>(fromB.get()));
        }
    }

    private static List<Long> drain(SegmentScheduler scheduler, CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        List<Long> mine = new ArrayList<>();
        List<ClaimedSegment> batch;
        while (!(batch = scheduler.claimDue(3)).isEmpty()) {
            batch.forEach(c -> mine.add(c.segmentId()));
        }
        return mine;
    }

    private static Instant next(TestDatabase db, long segmentId) {
        return dsl(db).select(SYNC_SEGMENTS_CONTROL.NEXT_EXECUTION).from(SYNC_SEGMENTS_CONTROL)
                .where(SYNC_SEGMENTS_CONTROL.SEGMENT_ID.eq(segmentId)).fetchSingle().value1().toInstant();
    }
}
