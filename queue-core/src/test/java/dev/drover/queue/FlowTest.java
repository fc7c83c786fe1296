package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.Behave;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeFlowProducer;
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

/** Flows: parent/children across queues, failure policies, getters, bad input, and both directions with Node. */
@ExtendWith(RedisExtension.class)
class FlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestRedis redis;
    private final QueueOptions qo;
    private final FlowProducer flows;
    private final Queue parents;
    private final Jedis jedis;

    FlowTest(TestRedis redis) {
        this.redis = redis;
        qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        flows = new FlowProducer(qo);
        parents = new Queue("batches", qo);
        jedis = redis.jedis();
    }

    @AfterEach
    void close() {
        flows.close();
        parents.close();
        jedis.close();
    }

    /** Children return {model: data.m}, or fail when data.fail; parents return their children's values. */
    private static Object process(Job job) {
        if (job.data().path("fail").asBoolean()) {
            throw new UnrecoverableJobException("model broke");
        }
        return job.name().equals("certify-batch") ? job.childrenValues() : Map.of("model", job.data().path("m").asText());
    }

    private Worker worker(String queue) {
        return new Worker(queue, FlowTest::process, WorkerOptions.builder().concurrency(2).build(), qo).start();
    }

    private static FlowJob batch(String id, List<FlowJob> children) {
        return FlowJob.of("batches", "certify-batch", Map.of()).withOpts(JobOptions.builder().jobId(id).build())
                .withChildren(children);
    }

    private static FlowJob model(String m, ParentFailurePolicy policy, boolean fail) {
        return FlowJob.of("models", "certify-model", Map.of("m", m, "fail", fail))
                .withOpts(JobOptions.builder().parentFailurePolicy(policy).build());
    }

    @Test
    void parentWaitsForChildrenAcrossQueuesThenSeesTheirValues() {
        JobNode root = flows.add(batch("b1", List.of(model("a", ParentFailurePolicy.WAIT, false),
                model("b", ParentFailurePolicy.WAIT, false))));
        assertThat(root.children()).hasSize(2);
        assertThat(parents.getJobState("b1")).isEqualTo(JobState.WAITING_CHILDREN);
        assertThat(parents.getDependencyCounts("b1")).isEqualTo(new DependencyCounts(0, 2, 0, 0));
        String childKey = redis.prefix() + ":models:" + root.children().get(0).job().id();
        assertThat(jedis.hget(childKey, "parentKey")).isEqualTo(redis.prefix() + ":batches:b1");
        try (Worker p = worker("batches"); Worker c = worker("models")) {
            await().atMost(WAIT).until(() -> parents.getJobState("b1") == JobState.COMPLETED);
        }
        Job done = parents.getJob("b1").orElseThrow();
        assertThat(done.returnValue().size()).isEqualTo(2);
        assertThat(done.returnValue().findValuesAsText("model")).containsExactlyInAnyOrder("a", "b");
        assertThat(done.dependencyCounts()).isEqualTo(new DependencyCounts(2, 0, 0, 0));
        JobNode tree = flows.getFlow("batches", "b1", 5).orElseThrow();
        assertThat(tree.children()).extracting(n -> n.job().returnValue().path("model").asText())
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void failurePoliciesDecideWhatAFailedChildDoesToItsParent() {
        for (ParentFailurePolicy p : ParentFailurePolicy.values()) {
            flows.add(batch("p-" + p, List.of(model("ok", ParentFailurePolicy.WAIT, false), model("bad", p, true))));
        }
        try (Worker pw = worker("batches"); Worker cw = worker("models")) {
            await().atMost(WAIT).until(() -> parents.getJobCounts().get(JobState.COMPLETED) == 3
                    && parents.getJobCounts().get(JobState.FAILED) == 1);
        }
        assertThat(parents.getJobState("p-WAIT")).isEqualTo(JobState.WAITING_CHILDREN);
        Job failed = parents.getJob("p-FAIL_PARENT").orElseThrow();
        assertThat(failed.failedReason().orElseThrow()).startsWith("child " + redis.prefix() + ":models:").endsWith(" failed");
        assertThat(parents.getDependencyCounts("p-FAIL_PARENT").failed()).isEqualTo(1);
        for (String id : List.of("p-CONTINUE_PARENT", "p-IGNORE_DEPENDENCY")) {
            Job j = parents.getJob(id).orElseThrow();
            assertThat(j.ignoredChildrenFailures()).hasSize(1).containsValue("model broke");
        }
        assertThat(parents.getJob("p-REMOVE_DEPENDENCY").orElseThrow().dependencyCounts())
                .isEqualTo(new DependencyCounts(1, 0, 0, 0));
    }

    @Test
    void badFlowsAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> FlowJob.of(" ", "x", null)).hasMessageContaining("no queue name");
        FlowJob dup = FlowJob.of("models", "m", null).withOpts(JobOptions.builder().jobId("same").build());
        assertThatThrownBy(() -> flows.add(batch("b2", List.of(dup, dup)))).hasMessageContaining("twice");
        FlowJob self = batch("b3", List.of(batch("b3", List.of())));
        assertThatThrownBy(() -> flows.add(self)).hasMessageContaining("cycle");
        assertThat(jedis.keys(redis.prefix() + ":*")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void nodeFlowCompletedByDroverWorkers(NodeBullmq.Version version) {
        try (NodeBullmq node = NodeBullmq.start(version)) {
            NodeFlowProducer nf = node.flowProducer(redis.url(), redis.prefix());
            nf.add("{\"name\":\"certify-batch\",\"queueName\":\"batches\",\"opts\":{\"jobId\":\"nb\"},\"children\":["
                    + "{\"name\":\"certify-model\",\"queueName\":\"models\",\"data\":{\"m\":\"x\"}},"
                    + "{\"name\":\"certify-model\",\"queueName\":\"models\",\"data\":{\"m\":\"y\",\"fail\":true},"
                    + "\"opts\":{\"ignoreDependencyOnFailure\":true}}]}");
            try (Worker p = worker("batches"); Worker c = worker("models")) {
                await().atMost(WAIT).until(() -> parents.getJobState("nb") == JobState.COMPLETED);
            }
            Job done = parents.getJob("nb").orElseThrow();
            assertThat(done.returnValue().findValuesAsText("model")).containsExactly("x");
            JsonNode counts = node.queue(redis.url(), redis.prefix(), "batches").callJob("nb", "getDependenciesCount");
            assertThat(counts.path("processed").asInt()).isEqualTo(1);
            assertThat(counts.path("ignored").asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void droverFlowCompletedByNodeWorkers(NodeBullmq.Version version) {
        JsonNode ret = NodeBullmq.tree(Map.of("ok", 1));
        FlowJob child = FlowJob.of("models", "certify-model", Behave.create().returning(ret).asData());
        flows.add(batch("db", List.of(child, child.withOpts(JobOptions.builder().jobId("fixed").build()))));
        try (NodeBullmq node = NodeBullmq.start(version)) {
            NodeQueue np = node.queue(redis.url(), redis.prefix(), "batches");
            NodeQueue nc = node.queue(redis.url(), redis.prefix(), "models");
            try (NodeWorker wc = nc.startWorker(2); NodeWorker wp = np.startWorker(1)) {
                wp.awaitProcessed("db", WAIT);
            }
            JsonNode values = np.callJob("db", "getChildrenValues");
            assertThat(values.size()).isEqualTo(2);
            assertThat(values.get(redis.prefix() + ":models:fixed").path("ok").asInt()).isEqualTo(1);
            JsonNode flow = node.flowProducer(redis.url(), redis.prefix())
                    .getFlow("{\"id\":\"db\",\"queueName\":\"batches\"}");
            assertThat(flow.path("children").size()).isEqualTo(2);
        }
        assertThat(parents.getJobState("db")).isEqualTo(JobState.COMPLETED);
    }
}
