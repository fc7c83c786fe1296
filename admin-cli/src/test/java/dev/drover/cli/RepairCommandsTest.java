package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** add, retry, promote, remove, pause/resume, drain, clean: each effect checked in Redis. */
@ExtendWith(RedisExtension.class)
class RepairCommandsTest {

    private final TestRedis redis;
    private final QueueOptions qo;
    private final Cli cli;

    RepairCommandsTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        this.cli = new Cli(redis.url(), redis.prefix());
    }

    private String key(String queue, String suffix) {
        return redis.prefix() + ":" + queue + ":" + suffix;
    }

    @Test
    void addWithEveryOptionPrintsTheIdAndStoresBullmqOpts(@TempDir Path dir) throws Exception {
        Cli.Result r = cli.run("add", "mail", "send", "--data", "{\"to\":\"x@example.com\"}", "--priority", "5",
                "--attempts", "4", "--backoff", "exponential:2000", "--job-id", "mail-1", "--lifo");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().trim()).isEqualTo("mail-1");
        try (Queue q = new Queue("mail", qo)) {
            Job job = q.getJob("mail-1").orElseThrow();
            assertThat(job.data().path("to").asText()).isEqualTo("x@example.com");
            assertThat(job.priority()).isEqualTo(5);
            assertThat(job.opts().attempts()).isEqualTo(4);
            assertThat(job.opts().backoff().type()).isEqualTo("exponential");
            assertThat(job.opts().backoff().delay()).isEqualTo(2000);
            assertThat(job.opts().lifo()).isTrue();
            assertThat(q.getJobState("mail-1")).isEqualTo(JobState.PRIORITIZED);
        }
        Path file = Files.writeString(dir.resolve("data.json"), "{\"from\": \"file\"}");
        Cli.Result added = cli.run("add", "mail", "later", "--data", "@" + file, "--delay", "1h", "--json");
        assertThat(added.code()).as(added.toString()).isZero();
        JsonNode json = added.json();
        String id = json.path("id").asText();
        try (Queue q = new Queue("mail", qo)) {
            assertThat(q.getJobState(id)).isEqualTo(JobState.DELAYED);
            assertThat(q.getJob(id).orElseThrow().data().path("from").asText()).isEqualTo("file");
        }
    }

    @Test
    void badJsonDataIsUsageErrorAndAddsNothing() {
        Cli.Result r = cli.run("add", "mail", "send", "--data", "{\"to\": oops}");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--data is not valid JSON").contains("nothing was added");
        assertThat(r.out()).isEmpty();
        assertThat(cli.run("add", "mail", "send", "--data", "{} trailing").code()).isEqualTo(2);
        assertThat(cli.run("add", "mail", "send", "--data", "@/no/such/file.json").code()).isEqualTo(2);
        assertThat(cli.run("add", "mail", "send", "--job-id", "123").err()).contains("jobId");
        assertThat(cli.run("add", "mail", "send", "--priority", "-1").code()).isEqualTo(2);
        try (Jedis j = redis.jedis()) {
            assertThat(j.keys(redis.prefix() + ":*")).isEmpty();
        }
    }

    @Test
    void retryByIdAndAllFailed() {
        List<String> failed = failJobs("retryq", 3);
        Cli.Result one = cli.run("retry", "retryq", failed.get(0));
        assertThat(one.code()).as(one.toString()).isZero();
        try (Jedis j = redis.jedis()) {
            assertThat(j.lrange(key("retryq", "wait"), 0, -1)).containsExactly(failed.get(0));
            assertThat(j.zcard(key("retryq", "failed"))).isEqualTo(2);
            assertThat(j.hexists(key("retryq", failed.get(0)), "failedReason")).isFalse();
        }
        Cli.Result mixed = cli.run("retry", "retryq", failed.get(1), "nope", failed.get(0));
        assertThat(mixed.code()).isEqualTo(1);
        assertThat(mixed.err()).contains("job 'nope' not found").contains(failed.get(0));
        Cli.Result all = cli.run("retry", "retryq", "--all-failed", "--json");
        assertThat(all.json().path("retried").asLong()).isEqualTo(1);
        try (Jedis j = redis.jedis()) {
            assertThat(j.zcard(key("retryq", "failed"))).isZero();
            assertThat(j.llen(key("retryq", "wait"))).isEqualTo(3);
        }
        assertThat(cli.run("retry", "retryq").code()).as("neither ids nor --all-failed").isEqualTo(2);
        assertThat(cli.run("retry", "retryq", "1", "--all-failed").code()).isEqualTo(2);
    }

    @Test
    void promoteByIdAndAll() {
        String a = cli.run("add", "pq", "x", "--delay", "1h").out().trim();
        String b = cli.run("add", "pq", "x", "--delay", "1h").out().trim();
        String c = cli.run("add", "pq", "x", "--delay", "1h").out().trim();
        assertThat(cli.run("promote", "pq", a).code()).isZero();
        try (Jedis j = redis.jedis()) {
            assertThat(j.lrange(key("pq", "wait"), 0, -1)).containsExactly(a);
            assertThat(j.zcard(key("pq", "delayed"))).isEqualTo(2);
        }
        Cli.Result notDelayed = cli.run("promote", "pq", a);
        assertThat(notDelayed.code()).isEqualTo(1);
        assertThat(notDelayed.err()).contains("not delayed");
        assertThat(cli.run("promote", "pq", "--all").out()).contains("2 delayed job(s)");
        try (Jedis j = redis.jedis()) {
            assertThat(j.lrange(key("pq", "wait"), 0, -1)).containsExactlyInAnyOrder(a, b, c);
            assertThat(j.zcard(key("pq", "delayed"))).isZero();
        }
    }

    @Test
    void removePauseResumeDrain() {
        String a = cli.run("add", "dq", "x").out().trim();
        cli.run("add", "dq", "x");
        cli.run("add", "dq", "x", "--delay", "1h");
        Cli.Result rm = cli.run("remove", "dq", a, "ghost");
        assertThat(rm.code()).isEqualTo(1);
        assertThat(rm.out()).contains("removed " + a);
        try (Jedis j = redis.jedis()) {
            assertThat(j.exists(key("dq", a))).isFalse();
            assertThat(cli.run("pause", "dq").code()).isZero();
            assertThat(j.hexists(key("dq", "meta"), "paused")).isTrue();
            assertThat(cli.run("resume", "dq", "--json").json().path("paused").asBoolean()).isFalse();
            assertThat(j.hexists(key("dq", "meta"), "paused")).isFalse();
            assertThat(cli.run("drain", "dq", "--json").json().path("removed").asLong()).isEqualTo(1);
            assertThat(j.llen(key("dq", "wait"))).isZero();
            assertThat(j.zcard(key("dq", "delayed"))).isEqualTo(1);
            assertThat(cli.run("drain", "dq", "--delayed").out()).contains("drained 1 job(s)");
            assertThat(j.zcard(key("dq", "delayed"))).isZero();
        }
    }

    @Test
    void cleanRemovesOnlyJobsOlderThanGrace() {
        List<String> failed = failJobs("cq", 3);
        assertThat(cli.run("clean", "cq", "--state", "failed", "--grace", "1h").out()).contains("removed 0 failed");
        JsonNode limited = cli.run("clean", "cq", "--state", "failed", "--grace", "0", "--limit", "2", "--json").json();
        assertThat(limited.path("removed")).hasSize(2);
        assertThat(cli.run("clean", "cq", "--state", "failed", "--grace", "0ms").out()).contains("removed 1 failed");
        try (Jedis j = redis.jedis()) {
            assertThat(j.zcard(key("cq", "failed"))).isZero();
            failed.forEach(id -> assertThat(j.exists(key("cq", id))).isFalse());
        }
    }

    @Test
    void obliterateAsksOnATerminalAndRefusesWithoutOne() {
        cli.run("add", "oq", "x");
        cli.run("add", "oq", "x", "--delay", "1h");
        Cli.Result noTty = cli.run("obliterate", "oq");
        assertThat(noTty.code()).isEqualTo(1);
        assertThat(noTty.err()).contains("--yes");
        Cli.Result wrongAnswer = cli.interactive("no\n").run("obliterate", "oq");
        assertThat(wrongAnswer.code()).isEqualTo(1);
        assertThat(wrongAnswer.out()).contains("Type the queue name to confirm");
        assertThat(cli.run("counts", "oq").code()).as("still there").isZero();

        Cli.Result confirmed = cli.interactive("oq\n").run("obliterate", "oq");
        assertThat(confirmed.code()).as(confirmed.toString()).isZero();
        assertThat(confirmed.out()).contains("obliterated queue 'oq' (2 job(s))");
        try (Jedis j = redis.jedis()) {
            assertThat(j.keys(redis.prefix() + ":oq:*")).isEmpty();
        }
        assertThat(cli.run("counts", "oq").code()).isEqualTo(1);
    }

    @Test
    void obliterateRefusesWhileJobsAreActiveUnlessForced() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Queue q = new Queue("busy", qo); Worker w = new Worker("busy", job -> {
            release.await();
            return null;
        }, WorkerOptions.builder().shutdownTimeout(Duration.ofMillis(200)).build(), qo).start()) {
            q.add("x", Map.of());
            await().until(() -> q.getJobCounts().get(JobState.ACTIVE) == 1);
            Cli.Result refused = cli.run("obliterate", "busy", "--yes");
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).contains("1 active job(s)").contains("--force");
            assertThat(q.isPaused()).as("refusal changes nothing").isFalse();
            Cli.Result forced = cli.run("obliterate", "busy", "--yes", "--force");
            assertThat(forced.code()).as(forced.toString()).isZero();
            try (Jedis j = redis.jedis()) {
                assertThat(j.exists(key("busy", "active"), key("busy", "meta"))).isZero();
            }
            release.countDown();
        }
    }

    /** {@code n} jobs in {@code queue}, each failed by a Drover worker; their ids. */
    private List<String> failJobs(String queue, int n) {
        try (Queue q = new Queue(queue, qo)) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(q.add("x", Map.of("i", i), JobOptions.DEFAULTS));
            }
            try (Worker w = new Worker(queue, job -> {
                throw new IllegalStateException("always fails");
            }, WorkerOptions.builder().drainDelay(Duration.ofMillis(100)).build(), qo).start()) {
                await().until(() -> q.getJobCounts().get(JobState.FAILED) == n);
            }
            return ids;
        }
    }
}
