package dev.drover.sync.app;

import static dev.drover.db.generated.lead_sync.Tables.SYNC_SEGMENTS_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.sync.Schedule;
import dev.drover.sync.SegmentControl;
import dev.drover.sync.SyncMode;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisClusterExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.redis.LocalRedisSentinel;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code sync-worker run} as a real process pointed at a Sentinel set by one {@code redis-sentinel://} URL: it finds
 * the master, reports ready, schedules and runs a sync (queue, worker and the Redisson CRM rate limiter all on the
 * master the sentinels name).
 */
@ExtendWith({RedisClusterExtension.class, PostgresExtension.class})
class SyncOnSentinelTest {

    @Test
    void syncsASegmentThroughASentinelUrl(LocalRedisSentinel sentinel, TestDatabase db) {
        TestRedis onSentinel = new TestRedis(sentinel.url(), "s" + UUID.randomUUID().toString().substring(0, 8), null);
        try (SprintHubSimulator sim = SprintHubSimulator.start(SyncDaemonProcessTest.TOKEN, "oficialmed")) {
            var dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
            new SegmentControl(dsl, InstantSource.system()).add(21, Schedule.every("1d"), SyncMode.INCREMENTAL, null);
            sim.segment(21).addLeads(1, 12);
            try (DaemonProcess d = DaemonProcess.start(SyncDaemonProcessTest.env(onSentinel, db, sim), "run")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> d.get("/health/ready").status() == 200);
                assertThat(d.get("/health/ready").body()).contains("redis");
                await().atMost(Duration.ofSeconds(60)).until(() -> dsl.fetchCount(SYNC_SEGMENTS_LOGS) == 1);
            }
        }
    }
}
