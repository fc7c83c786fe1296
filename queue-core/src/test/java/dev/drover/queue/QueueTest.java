package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Adding jobs and reading them back: the Redis layout BullMQ expects, and the getters. */
@ExtendWith(RedisExtension.class)
class QueueTest {

    record Mail(String to, int n) {
    }

    private final TestRedis redis;
    private final Queue queue;
    private final Jedis jedis;
    private final String p;

    QueueTest(TestRedis redis) {
        this.redis = redis;
        this.queue = new Queue("mail", QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build());
        this.jedis = redis.jedis();
        this.p = redis.prefix() + ":mail:";
    }

    @AfterEach
    void close() {
        queue.close();
        jedis.close();
    }

    @Test
    void aNameWithAColonIsRefusedForAddingAndWorkingAsBullmqRefusesItAndNothingIsWritten() {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        assertThatThrownBy(() -> new Queue("gpu-jobs:h100", qo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gpu-jobs:h100' contains ':'").hasMessageContaining("'-' or '.'");
        assertThatThrownBy(() -> new Worker("gpu-jobs:h100", job -> null, WorkerOptions.DEFAULTS, qo))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains ':'");
        assertThat(jedis.keys(redis.prefix() + ":*")).isEmpty();
    }

    @Test
    void addWritesBullmqJobHashWaitListMarkerAndEvents() {
        String id = queue.add("send", new Mail("a@b", 1));
        assertThat(id).isEqualTo("1");
        Map<String, String> h = jedis.hgetAll(p + "1");
        assertThat(h).containsEntry("name", "send").containsEntry("data", "{\"to\":\"a@b\",\"n\":1}")
                .containsEntry("delay", "0").containsEntry("priority", "0").containsKey("timestamp");
        assertThat(h.get("opts")).contains("\"attempts\":0");
        assertThat(jedis.lrange(p + "wait", 0, -1)).containsExactly("1");
        assertThat(jedis.zscore(p + "marker", "0")).isEqualTo(0.0);
        assertThat(jedis.get(p + "id")).isEqualTo("1");
        assertThat(jedis.hget(p + "meta", "opts.maxLenEvents")).isEqualTo("10000");
        var events = jedis.xrange(p + "events", "-", "+");
        assertThat(events).extracting(e -> e.getFields().get("event")).containsExactly("added", "waiting");
        assertThat(events.get(0).getFields()).containsEntry("jobId", "1").containsEntry("name", "send");
    }

    @Test
    void delayedJobsScoreTimestampTimes4096AndSetTheDelayMarker() {
        String id = queue.add("later", Map.of(), JobOptions.builder().delay(60_000).build());
        long ts = Long.parseLong(jedis.hget(p + id, "timestamp"));
        double score = jedis.zscore(p + "delayed", id);
        assertThat((long) score).isEqualTo((ts + 60_000) * 4096);
        assertThat(jedis.zscore(p + "marker", "1")).isEqualTo((double) (ts + 60_000));
        String second = queue.add("later", Map.of(), JobOptions.builder().delay(60_000).build());
        assertThat(jedis.zscore(p + "delayed", second)).isGreaterThanOrEqualTo(score);
        assertThat(queue.getJobState(id)).isEqualTo(JobState.DELAYED);
    }

    @Test
    void prioritizedJobsScorePriorityTimes2pow32PlusCounter() {
        String a = queue.add("x", 1, JobOptions.builder().priority(3).build());
        String b = queue.add("x", 2, JobOptions.builder().priority(3).build());
        assertThat(jedis.zscore(p + "prioritized", a)).isEqualTo(3 * 4294967296.0 + 1);
        assertThat(jedis.zscore(p + "prioritized", b)).isEqualTo(3 * 4294967296.0 + 2);
        assertThat(jedis.get(p + "pc")).isEqualTo("2");
        assertThat(queue.getJobState(a)).isEqualTo(JobState.PRIORITIZED);
    }

    @Test
    void lifoPushesToTheRunEndOfWait() {
        queue.add("x", 1);
        String last = queue.add("x", 2, JobOptions.builder().lifo(true).build());
        assertThat(jedis.lindex(p + "wait", -1)).isEqualTo(last);
    }

    @Test
    void customIdIsIdempotent() {
        JobOptions opts = JobOptions.builder().jobId("order-7").build();
        assertThat(queue.add("x", Map.of("v", 1), opts)).isEqualTo("order-7");
        assertThat(queue.add("x", Map.of("v", 2), opts)).isEqualTo("order-7");
        assertThat(jedis.llen(p + "wait")).isEqualTo(1);
        assertThat(queue.getJob("order-7").orElseThrow().data().get("v").asInt()).isEqualTo(1);
        // BullMQ counts every add in the id key, custom id or not
        assertThat(jedis.get(p + "id")).isEqualTo("2");
    }

    @Test
    void addBulkAddsAllInOrder() {
        List<String> ids = queue.addBulk(List.of(NewJob.of("a", 1), NewJob.of("b", 2),
                new NewJob("c", 3, JobOptions.builder().jobId("custom").build())));
        assertThat(ids).containsExactly("1", "2", "custom");
        assertThat(queue.getJobCounts()).containsEntry(JobState.WAITING, 3L);
        assertThat(queue.getJobs(JobState.WAITING, 0, -1)).extracting(Job::name).containsExactly("c", "b", "a");
    }

    @Test
    void getJobDecodesEveryField() {
        String id = queue.add("send", new Mail("x", 2), JobOptions.builder().attempts(3)
                .backoff(Backoff.exponential(1000)).removeOnComplete(KeepJobs.count(10)).build());
        Job job = queue.getJob(id).orElseThrow();
        assertThat(job.name()).isEqualTo("send");
        assertThat(job.data(Mail.class)).isEqualTo(new Mail("x", 2));
        assertThat(job.opts().attempts()).isEqualTo(3);
        assertThat(job.opts().backoff()).isEqualTo(Backoff.exponential(1000));
        assertThat(job.opts().removeOnComplete()).isEqualTo(KeepJobs.count(10));
        assertThat(job.attemptsMade()).isZero();
        assertThat(queue.getJob("missing")).isEmpty();
    }

    @Test
    void undecodableDataIsReportedNotThrown() {
        jedis.hset(p + "99", Map.of("name", "x", "data", "{not json", "opts", "{}", "timestamp", "1"));
        Job job = queue.getJob("99").orElseThrow();
        assertThat(job.data()).isNull();
        assertThat(job.dataError()).get().asString().contains("not valid JSON");
        assertThatThrownBy(() -> job.data(JsonNode.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidOptionsAreRejectedBeforeRedis() {
        assertThatThrownBy(() -> JobOptions.builder().delay(-1).build()).hasMessageContaining("delay");
        assertThatThrownBy(() -> JobOptions.builder().priority(1 << 21).build()).hasMessageContaining("priority");
        assertThatThrownBy(() -> JobOptions.builder().jobId("42").build()).hasMessageContaining("integer");
        assertThatThrownBy(() -> JobOptions.builder().jobId("a:b").build()).hasMessageContaining("':'");
        assertThatThrownBy(() -> JobOptions.builder().attempts(-1).build()).hasMessageContaining("attempts");
        assertThatThrownBy(() -> Backoff.fixed(-5)).hasMessageContaining("backoff.delay");
        assertThat(jedis.keys(redis.prefix() + "*")).isEmpty();
    }

    @Test
    void progressAndLogsAreStoredOnTheJob() {
        String id = queue.add("x", 1, JobOptions.builder().keepLogs(2).build());
        Job job = queue.getJob(id).orElseThrow();
        job.updateProgress(42);
        job.log("one");
        job.log("two");
        job.log("three");
        assertThat(jedis.hget(p + id, "progress")).isEqualTo("42");
        assertThat(jedis.lrange(p + id + ":logs", 0, -1)).containsExactly("two", "three");
        assertThat(jedis.xrevrange(p + "events", "+", "-", 1).get(0).getFields())
                .containsEntry("event", "progress").containsEntry("data", "42");
    }
}
