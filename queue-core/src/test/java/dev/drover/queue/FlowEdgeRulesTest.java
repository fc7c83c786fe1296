package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Flow edge rules shared with BullMQ: removing a child (remove, drain, clean) updates its parent, a child re-added
 * under its existing id is linked (its result counts if it completed), removing a parent removes its children,
 * and FlowProducer.add answers children in the order given.
 */
@ExtendWith(RedisExtension.class)
class FlowEdgeRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestRedis redis;
    private final QueueOptions qo;
    private final FlowProducer flows;
    private final Queue parents;
    private final Queue kids;
    private final Jedis jedis;

    FlowEdgeRulesTest(TestRedis redis) {
        this.redis = redis;
        qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        flows = new FlowProducer(qo);
        parents = new Queue("parents", qo);
        kids = new Queue("kids", qo);
        jedis = redis.jedis();
    }

    @AfterEach
    void close() {
        flows.close();
        parents.close();
        kids.close();
        jedis.close();
    }

    private static FlowJob kid(String id) {
        return FlowJob.of("kids", "kid", Map.of("id", id)).withOpts(JobOptions.builder().jobId(id).build());
    }

    private static FlowJob parent(String queue, String id, List<FlowJob> children) {
        return FlowJob.of(queue, "parent", Map.of()).withOpts(JobOptions.builder().jobId(id).build())
                .withChildren(children);
    }

    private List<String> events(String queue, String type) {
        return jedis.xrange(redis.prefix() + ":" + queue + ":events", "-", "+").stream()
                .map(StreamEntry::getFields).filter(f -> type.equals(f.get("event")))
                .map(f -> f.get("jobId") + "/" + f.getOrDefault("prev", "")).toList();
    }

    @Test
    void removingTheLastPendingChildMovesTheParentOn() {
        flows.add(parent("parents", "p", List.of(kid("a"), kid("b"))));
        assertThat(kids.remove("a")).isTrue();
        assertThat(parents.getJobState("p")).isEqualTo(JobState.WAITING_CHILDREN);
        assertThat(parents.getDependencyCounts("p").unprocessed()).isEqualTo(1);
        assertThat(kids.remove("b")).isTrue();
        assertThat(parents.getJobState("p")).isEqualTo(JobState.WAITING);
        assertThat(events("parents", "waiting")).containsExactly("p/waiting-children");
        assertThat(events("kids", "removed")).containsExactly("a/wait", "b/wait");
    }

    @Test
    void drainingChildrenMovesAParentElsewhereOnAndDeletesOneOfTheSameQueue() {
        flows.add(parent("parents", "elsewhere", List.of(kid("a"))));
        flows.add(parent("kids", "same", List.of(kid("b"))));
        assertThat(kids.drain(false)).isEqualTo(2); // a and b; `same` goes along with its last child, as in BullMQ
        assertThat(parents.getJobState("elsewhere")).isEqualTo(JobState.WAITING);
        assertThat(kids.getJob("same")).isEmpty();
        assertThat(jedis.zcard(redis.prefix() + ":kids:waiting-children")).isZero();
        assertThat(events("parents", "waiting")).isEmpty(); // hard removal moves it without an event
    }

    @Test
    void cleaningChildrenUpdatesTheirParent() {
        flows.add(parent("parents", "p", List.of(kid("a"))));
        assertThat(kids.clean(JobState.WAITING, Duration.ZERO, 0)).containsExactly("a");
        assertThat(parents.getJobState("p")).isEqualTo(JobState.WAITING);
    }

    @Test
    void aChildReAddedAfterItCompletedCountsForItsNewParentAtOnce() {
        kids.add("kid", Map.of(), JobOptions.builder().jobId("done").build());
        kids.add("kid", Map.of(), JobOptions.builder().jobId("solo").build());
        try (Worker w = new Worker("kids", job -> job.id() + " result", WorkerOptions.DEFAULTS, qo).start()) {
            await().atMost(WAIT).until(() -> kids.getJobCounts().get(JobState.COMPLETED) == 2);
        }
        flows.add(parent("parents", "p", List.of(kid("done"), kid("pending"))));
        assertThat(parents.getDependencyCounts("p")).isEqualTo(new DependencyCounts(1, 1, 0, 0));
        assertThat(parents.getJobState("p")).isEqualTo(JobState.WAITING_CHILDREN);
        assertThat(jedis.hget(redis.prefix() + ":kids:done", "parentKey")).isEqualTo(redis.prefix() + ":parents:p");
        // a parent whose only child completed earlier moves on right away
        flows.add(parent("parents", "r", List.of(kid("solo"))));
        assertThat(parents.getJobState("r")).isEqualTo(JobState.WAITING);
        assertThat(parents.getJob("r").orElseThrow().childrenValues())
                .containsEntry(redis.prefix() + ":kids:solo", TextNode.valueOf("solo result"));
    }

    @Test
    void aChildOfAnotherLiveParentCannotBeTakenOver() {
        flows.add(parent("parents", "first", List.of(kid("shared"))));
        assertThatThrownBy(() -> flows.add(parent("parents", "second", List.of(kid("shared")))))
                .isInstanceOf(QueueException.class).extracting(e -> ((QueueException) e).kind())
                .isEqualTo(QueueException.Kind.PARENT_CANNOT_BE_REPLACED);
        assertThat(jedis.hget(redis.prefix() + ":kids:shared", "parentKey")).isEqualTo(redis.prefix() + ":parents:first");
        assertThat(parents.getDependencyCounts("second").unprocessed()).isZero();
    }

    @Test
    void removingAParentRemovesItsChildrenButNotWhileOneRuns() {
        flows.add(parent("parents", "p", List.of(kid("a"), kid("b"))));
        jedis.set(redis.prefix() + ":kids:a:lock", "some-worker");
        assertThatThrownBy(() -> parents.remove("p")).extracting(e -> ((QueueException) e).kind())
                .isEqualTo(QueueException.Kind.JOB_LOCKED);
        jedis.del(redis.prefix() + ":kids:a:lock");
        assertThat(parents.remove("p")).isTrue();
        assertThat(kids.getJob("a")).isEmpty();
        assertThat(kids.getJob("b")).isEmpty();
        assertThat(parents.getJob("p")).isEmpty();
        // as in BullMQ: removing the last pending child first moves the parent to wait, then it goes itself
        assertThat(events("parents", "removed")).containsExactly("p/wait");
    }

    @Test
    void addReturnsChildrenInTheOrderGiven() {
        List<FlowJob> children = IntStream.range(0, 12).mapToObj(i -> kid("c" + i)).toList();
        JobNode root = flows.add(parent("parents", "ordered", children));
        assertThat(root.children()).extracting(n -> n.job().id())
                .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> "c" + i).toList());
    }
}
