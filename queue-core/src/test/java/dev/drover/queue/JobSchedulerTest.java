package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/** Job schedulers: cron and every, limit, upsert/remove/get, one job per slot, and both directions with Node. */
@ExtendWith(RedisExtension.class)
class JobSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestRedis redis;
    private final QueueOptions qo;
    private final Queue q;
    private final Jedis jedis;
    private final String p;

    JobSchedulerTest(TestRedis redis) {
        this.redis = redis;
        qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        q = new Queue("sched", qo);
        jedis = redis.jedis();
        p = redis.prefix() + ":sched:";
    }

    @AfterEach
    void close() {
        q.close();
        jedis.close();
    }

    private Worker worker() {
        return new Worker("sched", job -> job.data(), WorkerOptions.builder().concurrency(2).build(), qo).start();
    }

    private List<Long> completedSlots(String schedulerId) {
        return q.getJobs(JobState.COMPLETED, 0, -1).stream().map(Job::id)
                .filter(id -> id.startsWith("repeat:" + schedulerId + ":"))
                .map(id -> Long.parseLong(id.substring(id.lastIndexOf(':') + 1))).sorted().toList();
    }

    @Test
    void everySchedulerFiresOnePerSlotAcrossTwoWorkers() {
        String first = q.upsertJobScheduler("tick", RepeatSpec.every(Duration.ofMillis(300)),
                new JobTemplate("sync-all", Map.of("k", 1), JobOptions.builder().attempts(2).build())).orElseThrow();
        assertThat(first).startsWith("repeat:tick:");
        try (Worker a = worker(); Worker b = worker()) {
            await().atMost(WAIT).until(() -> completedSlots("tick").size() >= 4);
        }
        List<Long> slots = completedSlots("tick");
        for (int i = 1; i < slots.size(); i++) {
            assertThat((slots.get(i) - slots.get(0)) % 300).isZero();
        }
        assertThat(slots).doesNotHaveDuplicates();
        Job j = q.getJob("repeat:tick:" + slots.get(1)).orElseThrow();
        assertThat(j.name()).isEqualTo("sync-all");
        assertThat(j.schedulerId()).contains("tick");
        assertThat(j.opts().attempts()).isEqualTo(2);
        JobSchedulerInfo info = q.getJobScheduler("tick").orElseThrow();
        assertThat(info.every()).isEqualTo(300L);
        assertThat(info.iterations()).isGreaterThanOrEqualTo(slots.size());
    }

    @Test
    void cronSchedulerWithSecondsStopsAtItsLimit() {
        q.upsertJobScheduler("sec", RepeatSpec.builder().pattern("* * * * * *").tz("Europe/Berlin").limit(3).build(),
                null);
        try (Worker w = worker()) {
            await().atMost(WAIT).until(() -> completedSlots("sec").size() == 3);
        }
        List<Long> slots = completedSlots("sec");
        assertThat(slots).allMatch(s -> s % 1000 == 0);
        assertThat(q.getJobCounts().get(JobState.DELAYED)).isZero();
        assertThat(q.getJobScheduler("sec").orElseThrow().iterations()).isEqualTo(3);
    }

    @Test
    void upsertReplacesTheDelayedJobAndRemoveDeletesIt() {
        String a = q.upsertJobScheduler("d", RepeatSpec.cron("0 0 1 1 *"), null).orElseThrow();
        String b = q.upsertJobScheduler("d", RepeatSpec.builder().pattern("0 0 1 6 *").tz("Asia/Tokyo").build(), null)
                .orElseThrow();
        assertThat(q.getJob(a)).isEmpty();
        assertThat(q.getJobState(b)).isEqualTo(JobState.DELAYED);
        assertThat(q.getJobSchedulers()).extracting(JobSchedulerInfo::id).containsExactly("d");
        assertThat(q.removeJobScheduler("d")).isTrue();
        assertThat(q.getJob(b)).isEmpty();
        assertThat(jedis.exists(p + "repeat:d")).isFalse();
        assertThat(q.removeJobScheduler("d")).isFalse();
    }

    @Test
    void badSchedulesAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> RepeatSpec.cron("every monday")).hasMessageContaining("invalid cron pattern");
        assertThatThrownBy(() -> RepeatSpec.builder().pattern("* * * * *").tz("Mars/Olympus").build())
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
        assertThatThrownBy(() -> RepeatSpec.builder().build()).hasMessageContaining("exactly one of pattern or every");
        assertThat(jedis.keys(redis.prefix() + ":*")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void nodeSchedulersFireOnDroverWorkers(NodeBullmq.Version version) {
        try (NodeBullmq node = NodeBullmq.start(version)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "sched");
            nq.upsertJobScheduler("ncron", "{\"pattern\":\"* * * * * *\",\"tz\":\"America/New_York\"}",
                    "{\"name\":\"n\",\"data\":{\"x\":1}}");
            nq.upsertJobScheduler("nevery", "{\"every\":400}", null);
            try (Worker w = worker()) {
                await().atMost(WAIT).until(() -> completedSlots("ncron").size() >= 3
                        && completedSlots("nevery").size() >= 3);
            }
            // a worker late for a slot (a loaded machine) skips to the next one due, as bullmq's does: slots are on
            // the schedule, not necessarily consecutive
            List<Long> cron = completedSlots("ncron");
            assertThat(cron.get(1)).isEqualTo(node.cronNext("* * * * * *", "America/New_York", cron.get(1) - 1, 1)
                    .getFirst());
            List<Long> every = completedSlots("nevery");
            assertOnSchedule(every.get(1) - every.get(0), 400);
            assertThat(q.getJob("repeat:ncron:" + cron.get(1)).orElseThrow().data().path("x").asInt()).isEqualTo(1);
            JsonNode scheduler = nq.getJobScheduler("ncron");
            assertThat(scheduler.path("iterationCount").asInt()).isGreaterThanOrEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void droverSchedulersFireOnNodeWorkers(NodeBullmq.Version version) {
        q.upsertJobScheduler("dcron", RepeatSpec.builder().pattern("* * * * * *").tz("Europe/London").build(),
                new JobTemplate("d", Map.of("y", 2), JobOptions.builder().removeOnComplete(KeepJobs.count(100)).build()));
        q.upsertJobScheduler("devery", RepeatSpec.every(Duration.ofMillis(400)), null);
        try (NodeBullmq node = NodeBullmq.start(version)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "sched");
            JsonNode read = nq.getJobScheduler("dcron");
            assertThat(read.path("pattern").asText()).isEqualTo("* * * * * *");
            assertThat(read.path("tz").asText()).isEqualTo("Europe/London");
            assertThat(read.path("template").path("data").path("y").asInt()).isEqualTo(2);
            try (NodeWorker nw = nq.startWorker(2)) {
                await().atMost(WAIT).until(() -> completedSlots("dcron").size() >= 3
                        && completedSlots("devery").size() >= 3);
            }
            List<Long> cron = completedSlots("dcron");
            assertOnSchedule(cron.get(2) - cron.get(1), 1000);
            List<Long> every = completedSlots("devery");
            assertOnSchedule(every.get(2) - every.get(1), 400);
        }
    }

    /** Slots a late worker skipped leave a gap of several periods, never a fraction of one. */
    private static void assertOnSchedule(long gapMillis, long periodMillis) {
        assertThat(gapMillis).isPositive();
        assertThat(gapMillis % periodMillis).as("gap %d ms of period %d ms", gapMillis, periodMillis).isZero();
    }
}
