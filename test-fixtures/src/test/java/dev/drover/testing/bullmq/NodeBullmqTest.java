package dev.drover.testing.bullmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/** Self-test of the Node interop harness against both pinned bullmq majors and a real Redis. */
@ExtendWith(RedisExtension.class)
class NodeBullmqTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void reportsThePinnedVersions(NodeBullmq.Version version) throws Exception {
        Path pkg = NodeBullmq.nodeDir().resolve(version.dirName()).resolve("package.json");
        String pinned = NodeBullmq.parse(Files.readString(pkg)).path("dependencies").path("bullmq").asText();
        NodeBullmq node = NodeBullmq.start(version);
        try {
            assertThat(node.bullmqVersion()).isEqualTo(pinned).startsWith(version == NodeBullmq.Version.V5 ? "5." : "6.");
            assertThat(node.ioredisVersion()).startsWith("5.");
            assertThat(node.cronParserVersion()).startsWith(version == NodeBullmq.Version.V5 ? "4." : "5.");
        } finally {
            node.close();
        }
        assertThat(node.exitCode()).as("exit code after stdin EOF").isZero();
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void nodeAddsAJobInBullmqsLayoutAndProcessesIt(NodeBullmq.Version version, TestRedis redis) {
        try (NodeBullmq node = NodeBullmq.start(version); Jedis jedis = redis.jedis()) {
            NodeQueue q = node.queue(redis.url(), redis.prefix(), "emails");
            NodeQueueEvents events = q.startQueueEvents();

            NodeJob added = q.add("send",
                    Behave.create().progress(NodeBullmq.tree(42)).returning(NodeBullmq.parse("{\"sent\":true}"))
                            .into(NodeBullmq.parse("{\"to\":\"a@b.c\"}")).toString(),
                    "{\"attempts\":3,\"backoff\":{\"type\":\"exponential\",\"delay\":100}}");
            assertThat(added.id()).isEqualTo("1");
            assertThat(added.state()).isEqualTo("waiting");

            String key = redis.prefix() + ":emails:" + added.id();
            Map<String, String> hash = jedis.hgetAll(key);
            assertThat(hash).containsEntry("name", "send").containsKeys("data", "opts", "timestamp", "delay", "priority");
            assertThat(NodeBullmq.parse(hash.get("data")).path("to").asText()).isEqualTo("a@b.c");
            JsonNode opts = NodeBullmq.parse(hash.get("opts"));
            assertThat(opts.path("attempts").asInt()).isEqualTo(3);
            assertThat(opts.path("backoff").path("type").asText()).isEqualTo("exponential");
            assertThat(jedis.lrange(redis.prefix() + ":emails:wait", 0, -1)).containsExactly("1");
            assertThat(jedis.get(redis.prefix() + ":emails:id")).isEqualTo("1");
            assertThat(jedis.zscore(redis.prefix() + ":emails:marker", "0")).isEqualTo(0.0);

            NodeWorker worker = q.startWorker(2, "{\"name\":\"node-w\",\"metrics\":true}", null);
            NodeEvent processed = worker.awaitProcessed("1", WAIT);
            assertThat(processed.get("returnvalue").path("sent").asBoolean()).isTrue();
            NodeEvent completed = events.awaitEvent("completed", "1", WAIT);
            assertThat(completed.args().path("returnvalue").path("sent").asBoolean()).isTrue();
            assertThat(events.awaitEvent("progress", "1", WAIT).args().path("data").asInt()).isEqualTo(42);
            assertThat(events.received("added")).hasSize(1);

            Map<String, String> done = jedis.hgetAll(key);
            assertThat(done).containsEntry("atm", "1").containsEntry("ats", "1").containsEntry("progress", "42")
                    .containsKeys("processedOn", "finishedOn");
            assertThat(NodeBullmq.parse(done.get("returnvalue")).path("sent").asBoolean()).isTrue();
            assertThat(jedis.zscore(redis.prefix() + ":emails:completed", "1"))
                    .isEqualTo(Double.parseDouble(done.get("finishedOn")));
            assertThat(jedis.hget(redis.prefix() + ":emails:metrics:completed", "count")).isEqualTo("1");

            NodeJob read = q.getJob("1").orElseThrow();
            assertThat(read.state()).isEqualTo("completed");
            assertThat(read.attemptsMade()).isEqualTo(1);
            assertThat(read.returnvalue().path("sent").asBoolean()).isTrue();
            assertThat(q.getJobCounts("completed", "wait")).containsEntry("completed", 1L).containsEntry("wait", 0L);
            assertThat(q.getWorkers()).anySatisfy(w -> assertThat(w.path("rawname").asText())
                    .startsWith(redis.prefix() + ":").endsWith(":w:node-w"));
            worker.close();
            events.close();
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void nodeWorkerRunsAJobWrittenStraightIntoRedis(NodeBullmq.Version version, TestRedis redis) {
        try (NodeBullmq node = NodeBullmq.start(version); Jedis jedis = redis.jedis()) {
            NodeQueue q = node.queue(redis.url(), redis.prefix(), "foreign");
            NodeWorker worker = q.startWorker(1);
            String p = redis.prefix() + ":foreign:";
            jedis.hset(p + "77", Map.of(
                    "name", "from-java",
                    "data", Behave.create().returning(NodeBullmq.tree(List.of(1, 2))).asData().toString(),
                    "opts", "{\"attempts\":1}",
                    "timestamp", Long.toString(System.currentTimeMillis()),
                    "delay", "0",
                    "priority", "0"));
            jedis.lpush(p + "wait", "77");
            jedis.zadd(p + "marker", 0, "0"); // wakes the worker blocked on BZPOPMIN

            assertThat(worker.awaitProcessed("77", WAIT).get("returnvalue").toString()).isEqualTo("[1,2]");
            assertThat(jedis.hget(p + "77", "returnvalue")).isEqualTo("[1,2]");
            assertThat(jedis.zscore(p + "completed", "77")).isNotNull();
            assertThat(jedis.llen(p + "active")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void retriesAndFailures(NodeBullmq.Version version, TestRedis redis) {
        try (NodeBullmq node = NodeBullmq.start(version); Jedis jedis = redis.jedis()) {
            NodeQueue q = node.queue(redis.url(), redis.prefix(), "retry");
            NodeJob flaky = q.add("flaky", Behave.create().failAttempts(1).fail("boom").returning(NodeBullmq.tree("ok")).asData(),
                    NodeBullmq.parse("{\"attempts\":2}"));
            NodeJob doomed = q.add("doomed", Behave.create().unrecoverable("no way").asData(),
                    NodeBullmq.parse("{\"attempts\":5}"));
            NodeWorker worker = q.startWorker(1);

            assertThat(worker.awaitFailed(flaky.id(), 1, WAIT).get("failedReason").asText()).isEqualTo("boom");
            assertThat(worker.awaitProcessed(flaky.id(), WAIT).get("returnvalue").asText()).isEqualTo("ok");
            assertThat(worker.awaitFailed(doomed.id(), 1, WAIT).get("failedReason").asText()).isEqualTo("no way");

            NodeJob d = q.getJob(doomed.id()).orElseThrow();
            assertThat(d.state()).isEqualTo("failed");
            assertThat(d.failedReason()).isEqualTo("no way");
            assertThat(d.attemptsMade()).isEqualTo(1);
            assertThat(jedis.zscore(redis.prefix() + ":retry:failed", doomed.id())).isNotNull();
            assertThat(jedis.hget(redis.prefix() + ":retry:" + flaky.id(), "atm")).isEqualTo("2");

            q.retryJobs("{\"state\":\"failed\"}");
            assertThat(worker.awaitFailed(doomed.id(), 2, WAIT).get("failedReason").asText()).isEqualTo("no way");
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void queueOperationsSchedulersAndFlows(NodeBullmq.Version version, TestRedis redis) {
        try (NodeBullmq node = NodeBullmq.start(version); Jedis jedis = redis.jedis()) {
            NodeQueue q = node.queue(redis.url(), redis.prefix(), "ops");
            String p = redis.prefix() + ":ops:";

            q.pause();
            assertThat(q.isPaused()).isTrue();
            assertThat(jedis.hget(p + "meta", "paused")).isEqualTo("1");
            q.resume();
            assertThat(q.isPaused()).isFalse();

            NodeJob delayed = q.add("later", "{}", "{\"delay\":60000}");
            assertThat(delayed.state()).isEqualTo("delayed");
            double score = jedis.zscore(p + "delayed", delayed.id());
            assertThat((long) (score / 4096)).isEqualTo(delayed.timestamp() + 60000);
            NodeJob prio = q.add("prio", "{}", "{\"priority\":7}");
            assertThat(prio.state()).isEqualTo("prioritized");
            assertThat((long) jedis.zscore(p + "prioritized", prio.id()).doubleValue() >>> 32).isEqualTo(7L);

            List<NodeJob> bulk = q.addBulk("[{\"name\":\"a\",\"data\":{\"i\":1}},{\"name\":\"b\",\"data\":{\"i\":2},\"opts\":{\"jobId\":\"custom-b\"}}]");
            assertThat(bulk).extracting(NodeJob::id).containsExactly("3", "custom-b");
            assertThat(q.getJobs(List.of("wait"), 0, -1, true)).extracting(NodeJob::name).containsExactly("a", "b");

            q.promoteJobs(null);
            assertThat(q.getJobState(delayed.id())).isEqualTo("waiting");
            q.callJob(prio.id(), "changePriority", Map.of("priority", 3));
            assertThat((long) jedis.zscore(p + "prioritized", prio.id()).doubleValue() >>> 32).isEqualTo(3L);
            q.drain(true);
            assertThat(q.getJobCounts()).allSatisfy((type, count) -> assertThat(count).as(type).isZero());

            NodeJob first = q.upsertJobScheduler("every-hour", "{\"pattern\":\"0 0 * * * *\",\"tz\":\"UTC\"}",
                    "{\"name\":\"tick\",\"data\":{\"t\":1}}");
            assertThat(first.id()).startsWith("repeat:every-hour:");
            assertThat(first.repeatJobKey()).isEqualTo("every-hour");
            long next = Long.parseLong(first.id().substring("repeat:every-hour:".length()));
            assertThat(next % 3_600_000L).isZero();
            assertThat(jedis.zscore(p + "repeat", "every-hour")).isEqualTo((double) next);
            assertThat(jedis.hget(p + "repeat:every-hour", "pattern")).isEqualTo("0 0 * * * *");
            assertThat(q.getJobScheduler("every-hour").path("pattern").asText()).isEqualTo("0 0 * * * *");
            assertThat(q.getJobSchedulersCount()).isEqualTo(1);
            assertThat(q.removeJobScheduler("every-hour")).isTrue();

            JsonNode flow = node.flowProducer(redis.url(), redis.prefix()).add("""
                    {"name":"parent","queueName":"ops","data":{},
                     "children":[{"name":"child","queueName":"kids","data":{"c":1}}]}""");
            String parentId = flow.path("job").path("id").asText();
            assertThat(flow.path("job").path("state").asText()).isEqualTo("waiting-children");
            assertThat(flow.path("children").get(0).path("job").path("parentKey").asText())
                    .isEqualTo(redis.prefix() + ":ops:" + parentId);
            assertThat(jedis.smembers(p + parentId + ":dependencies")).hasSize(1);
            assertThat(jedis.zscore(p + "waiting-children", parentId)).isNotNull();

            assertThatThrownBy(() -> q.call("noSuchMethod")).isInstanceOf(NodeBullmqException.class)
                    .hasMessageContaining("has no method noSuchMethod");
            assertThat(node.isAlive()).isTrue();
        }
    }

    @Test
    void cronNextMatchesBetweenVersionsAndHonoursTimeZones() {
        long from = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
        try (NodeBullmq v5 = NodeBullmq.v5(); NodeBullmq v6 = NodeBullmq.v6()) {
            List<Long> utc = v6.cronNext("0 9 * * *", "UTC", from, 2);
            assertThat(utc).containsExactly(1_700_038_800_000L, 1_700_125_200_000L); // 2023-11-15/16 09:00Z
            assertThat(v6.cronNext("0 9 * * *", "Europe/Berlin", from, 1)).containsExactly(1_700_035_200_000L); // 08:00Z
            assertThat(v5.cronNext("*/20 * * * * *", null, from, 3)).containsExactly(from + 20_000, from + 40_000, from + 60_000);
            assertThat(v5.cronNext("0 9 * * *", "UTC", from, 2)).isEqualTo(utc);
            assertThat(v5.defaultRepeatStrategy(from, "{\"pattern\":\"0 9 * * *\",\"tz\":\"UTC\"}")).isEqualTo(utc.get(0));
            assertThat(v6.getNextMillis(from, "{\"every\":60000}")).isEqualTo(from + 60_000 - from % 60_000);
        }
    }

    @Test
    void explainsHowToInstallWhenNodeModulesIsMissing(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("driver"));
        Files.writeString(dir.resolve("driver/driver.js"), "");
        Files.createDirectories(dir.resolve("bullmq6"));
        Files.writeString(dir.resolve("bullmq6/package.json"), "{\"dependencies\":{\"bullmq\":\"6.0.0\"}}");
        System.setProperty(NodeBullmq.NODE_DIR_PROPERTY, dir.toString());
        try {
            assertThatThrownBy(NodeBullmq::v6).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not installed").hasMessageContaining("install.js")
                    .hasMessageContaining("generate-resources");
        } finally {
            System.clearProperty(NodeBullmq.NODE_DIR_PROPERTY);
        }
    }

    @Test
    void aCrashedDriverFailsRequestsInsteadOfHanging() {
        try (NodeBullmq node = NodeBullmq.v6()) {
            assertThat(node.request(node.newRequest("ping")).asText()).isEqualTo("pong");
            node.request(node.newRequest("crash"));
            assertThatThrownBy(() -> node.request(node.newRequest("ping"))).isInstanceOf(NodeBullmqException.class)
                    .hasMessageContaining("exited");
            assertThat(node.isAlive()).isFalse();
        }
    }
}
