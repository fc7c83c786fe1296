package dev.drover.sync;

import dev.drover.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SegmentControlTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-10T05:00:00Z"));

    @Test
    void addListPauseResumeRunNow(TestDatabase db) {
        SegmentControl control = new SegmentControl(DSL.using(db.dataSource(), SQLDialect.POSTGRES), clock);
        control.add(7, Schedule.every("6h"), SyncMode.INCREMENTAL, "Oficialmed leads");
        control.add(8, new Schedule.Cron("0 8 * * 1-5", ZoneOffset.UTC), SyncMode.FULL, null);

        control.pause(7);

        assertThat(control.list()).satisfiesExactly(
                s -> {
                    assertThat(s.segmentId()).isEqualTo(7);
                    assertThat(s.status()).isEqualTo("paused");
                    assertThat(s.schedule()).isEqualTo("every 21600s");
                    assertThat(s.nextExecution()).isEqualTo(clock.instant());
                    assertThat(s.lastRunStatus()).isNull();
                },
                s -> assertThat(s.schedule()).isEqualTo("cron '0 8 * * 1-5' UTC"));
        control.resume(7);
        assertThat(control.list().getFirst().status()).isEqualTo("active");
        assertThat(control.runNow(8, SyncMode.FULL).toJson())
                .isEqualTo("{\"segmentId\":8,\"mode\":\"FULL\",\"trigger\":\"manual\"}");
    }

    @Test
    void rejectsDuplicatesUnknownIdsAndBadSchedules(TestDatabase db) {
        SegmentControl control = new SegmentControl(DSL.using(db.dataSource(), SQLDialect.POSTGRES), clock);
        control.add(7, new Schedule.Every(Duration.ofHours(1)), SyncMode.INCREMENTAL, null);

        assertThatThrownBy(() -> control.add(7, new Schedule.Every(Duration.ofHours(1)), SyncMode.FULL, null))
                .hasMessageContaining("segment 7 already exists");
        assertThatThrownBy(() -> control.pause(99)).isInstanceOf(UnknownSegmentException.class);
        assertThatThrownBy(() -> control.runNow(99, SyncMode.FULL)).hasMessageContaining("segment 99 is not configured");
        assertThatThrownBy(() -> new Schedule.Cron("61 * * * *", ZoneOffset.UTC)).hasMessageContaining("invalid cron");
        assertThatThrownBy(() -> Schedule.every("soon")).hasMessageContaining("invalid interval");
    }

    @Test
    void jobDataIsValidatedWithAClearReason() {
        assertThat(SyncJobData.fromJson("{\"segmentId\":5,\"mode\":\"FULL\",\"trigger\":\"manual\"}"))
                .isEqualTo(new SyncJobData(5, SyncMode.FULL, "manual"));
        assertThat(SyncJobData.fromJson("{\"segmentId\":\"5\"}").mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThatThrownBy(() -> SyncJobData.fromJson("{\"mode\":\"FULL\"}")).hasMessageContaining("segmentId");
        assertThatThrownBy(() -> SyncJobData.fromJson("{\"segmentId\":5,\"mode\":\"PARTIAL\"}")).hasMessageContaining("mode");
        assertThatThrownBy(() -> SyncJobData.fromJson("{\"segmentId\":5,\"trigger\":\"cron\"}")).hasMessageContaining("trigger");
        assertThatThrownBy(() -> SyncJobData.fromJson("not json")).hasMessageContaining("not JSON");
    }
}
