package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.Behave;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeJob;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CLI on queues written by the real Node bullmq (5.x and 6.x): jobs added, failed, completed and delayed by Node
 * are read and repaired with {@code drover}; Node's workers, metrics and job schedulers show up too.
 */
@ExtendWith(RedisExtension.class)
class NodeBullmqQueuesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final TestRedis redis;
    private final Cli cli;

    NodeBullmqQueuesTest(TestRedis redis) {
        this.redis = redis;
        this.cli = new Cli(redis.url(), redis.prefix());
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void readsAndRepairsNodeMadeJobs(NodeBullmq.Version version) {
        try (NodeBullmq node = NodeBullmq.start(version)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "node-jobs");
            NodeJob failing = nq.add("charge", Behave.create().log("charging").fail("card declined").asData().toString(),
                    "{\"attempts\":1}");
            NodeJob fine = nq.add("charge", Behave.create().returning(NodeBullmq.tree(java.util.Map.of("ok", 1)))
                    .asData().toString(), null);
            try (NodeWorker w = nq.startWorker(1, "{\"name\":\"node-w1\",\"metrics\":{\"maxDataPoints\":60}}", null)) {
                w.awaitFailed(failing.id(), 1, WAIT);
                w.awaitProcessed(fine.id(), WAIT);
                await().atMost(WAIT).until(() -> cli.run("workers", "node-jobs").out().contains("node-w1"));
                JsonNode metrics = cli.run("metrics", "node-jobs", "--json").json();
                assertThat(metrics.path("completed").path("count").asLong()).isEqualTo(1);
                assertThat(metrics.path("failed").path("count").asLong()).isEqualTo(1);
            }
            NodeJob delayed = nq.add("remind", "{\"who\":\"ann\"}", "{\"delay\":3600000,\"priority\":3}");
            assertNodeJobsReadable(failing, fine, delayed);
            assertRepairsVisibleToNode(nq, failing, delayed);
        }
    }

    private void assertNodeJobsReadable(NodeJob failing, NodeJob fine, NodeJob delayed) {
        Cli.Result queues = cli.run("queues");
        assertThat(queues.out()).as(queues.toString()).containsPattern("node-jobs\\s+running\\s+0\\s+0\\s+1\\s+0\\s+0\\s+1\\s+1");
        JsonNode counts = cli.run("counts", "node-jobs", "--json").json();
        assertThat(counts.path("failed").asLong()).isEqualTo(1);
        assertThat(counts.path("delayed").asLong()).isEqualTo(1);

        Cli.Result failedJobs = cli.run("jobs", "node-jobs", "--state", "failed");
        assertThat(failedJobs.out()).contains(failing.id()).contains("card declined");
        JsonNode job = cli.run("job", "node-jobs", failing.id(), "--json").json();
        assertThat(job.path("state").asText()).isEqualTo("failed");
        assertThat(job.path("failedReason").asText()).isEqualTo("card declined");
        assertThat(job.path("stacktrace").get(0).asText()).contains("card declined");
        assertThat(job.path("logs").get(0).asText()).isEqualTo("charging");
        assertThat(job.path("data").has("__behave")).isTrue();
        assertThat(cli.run("job", "node-jobs", fine.id(), "--json").json().path("returnvalue").path("ok").asInt())
                .isEqualTo(1);
        Cli.Result remind = cli.run("job", "node-jobs", delayed.id());
        assertThat(remind.out()).containsPattern("state\\s+delayed").contains("\"who\" : \"ann\"")
                .containsPattern("delay\\s+1h, due .*\\(in (59m|1h)");
    }

    private void assertRepairsVisibleToNode(NodeQueue nq, NodeJob failing, NodeJob delayed) {
        assertThat(cli.run("promote", "node-jobs", delayed.id()).code()).isZero();
        assertThat(nq.getJobState(delayed.id())).isEqualTo("prioritized");
        assertThat(cli.run("retry", "node-jobs", failing.id()).code()).isZero();
        assertThat(nq.getJobState(failing.id())).isEqualTo("waiting");
        assertThat(cli.run("pause", "node-jobs").code()).isZero();
        assertThat(nq.isPaused()).isTrue();
        assertThat(cli.run("resume", "node-jobs").code()).isZero();
        assertThat(nq.isPaused()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void listsNodeJobSchedulers(NodeBullmq.Version version) {
        try (NodeBullmq node = NodeBullmq.start(version)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "sched");
            nq.upsertJobScheduler("hourly-report", "{\"pattern\":\"0 0 * * * *\",\"tz\":\"UTC\"}",
                    "{\"name\":\"report\",\"data\":{\"kind\":\"hourly\"}}");
            nq.upsertJobScheduler("heartbeat", "{\"every\":300000}", "{\"name\":\"beat\"}");
            Cli.Result r = cli.run("schedulers", "sched");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).containsPattern("hourly-report\\s+report\\s+cron 0 0 \\* \\* \\* \\* UTC\\s+in ")
                    .containsPattern("heartbeat\\s+beat\\s+every 5m\\s+(in|just now)");
            JsonNode json = cli.run("schedulers", "sched", "--json").json();
            assertThat(json.findValuesAsText("id")).containsExactlyInAnyOrder("hourly-report", "heartbeat");
            JsonNode hourly = json.get(0).path("id").asText().equals("hourly-report") ? json.get(0) : json.get(1);
            assertThat(hourly.path("next").asLong()).isPositive();
            assertThat(hourly.path("tz").asText()).isEqualTo("UTC");
        }
    }
}
