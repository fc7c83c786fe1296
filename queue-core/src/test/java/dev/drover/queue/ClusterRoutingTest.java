package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisClusterExtension;
import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.redis.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Drover on a Redis Cluster (three masters, one replica each): any node's URL reaches every queue, keys without a
 * hash tag are refused with the fix named, listings cover every shard and fail rather than answer partially, and
 * WAIT reports too few replicas clearly.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterRoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final LocalRedisCluster cluster;
    private final String tag = "{r" + UUID.randomUUID().toString().substring(0, 8) + "}";

    ClusterRoutingTest(LocalRedisCluster cluster) {
        this.cluster = cluster;
    }

    private QueueOptions via(RedisServerProcess node, String prefix) {
        return QueueOptions.builder().redisUrl(cluster.urlVia(node)).prefix(prefix).build();
    }

    @Test
    void everyNodesUrlAddsAndProcessesWithoutMoved() {
        try (Worker w = new Worker("routed", job -> "ok", WorkerOptions.builder().build(),
                via(cluster.processes().getLast(), tag)).start()) {
            for (RedisServerProcess node : cluster.processes()) {
                try (Queue q = new Queue("routed", via(node, tag))) {
                    String id = q.add("x", Map.of("via", node.port()));
                    await().atMost(WAIT).until(() -> q.getJobState(id) == JobState.COMPLETED);
                }
            }
        }
    }

    @Test
    void aPrefixWithoutAHashTagIsRefusedNamingTheFix() {
        QueueOptions untagged = via(cluster.processes().getFirst(), "bull");
        assertThatThrownBy(() -> new Queue("emails", untagged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--prefix '{bull}'").hasMessageContaining("hash tag");
        assertThatThrownBy(() -> new Worker("emails", job -> null, WorkerOptions.builder().build(), untagged))
                .hasMessageContaining("--prefix '{bull}'");
        assertThatThrownBy(() -> new QueueEvents("emails", untagged, e -> { })).hasMessageContaining("{bull}");
        // a hash tag in the queue name serves as well: bull:{emails}:wait, bull:{emails}:1 share one slot
        try (Queue q = new Queue("{emails-" + tag.substring(1), untagged)) {
            assertThat(q.add("x", 1)).isNotBlank();
        }
    }

    @Test
    void queueListingsCoverEveryShardThroughAnyNode() {
        String prefix = "p" + UUID.randomUUID().toString().substring(0, 8);
        List<String> names = IntStream.range(0, 9).mapToObj(i -> "{q" + i + "}").toList();
        long slots = names.stream().map(n -> JedisClusterCRC16.getSlot(prefix + ":" + n + ":id") * 3 / 16384)
                .distinct().count();
        assertThat(slots).as("the queues spread over every shard").isEqualTo(3);
        for (String n : names) {
            try (Queue q = new Queue(n, via(cluster.processes().getFirst(), prefix))) {
                q.add("x", 1);
            }
        }
        for (RedisServerProcess node : cluster.processes()) {
            try (QueueAdmin admin = new QueueAdmin(via(node, prefix))) {
                assertThat(admin.queueNames()).containsExactlyElementsOf(names);
                assertThat(admin.listQueues()).allMatch(s -> s.counts().get(JobState.WAITING) == 1);
            }
        }
    }

    @Test
    void aShardThatCannotAnswerFailsTheListingInsteadOfShrinkingIt() {
        RedisServerProcess first = cluster.processes().getFirst();
        QueueOptions qo = QueueOptions.builder().prefix(tag)
                .redis(RedisConfig.fromUrl(cluster.urlVia(first)).toBuilder().timeout(Duration.ofMillis(500)).build())
                .build();
        try (QueueAdmin admin = new QueueAdmin(qo)) {
            assertThat(admin.queueNames()).isNotNull();
            RedisServerProcess stuck = cluster.masters().getLast();
            try (Jedis j = new Jedis(stuck.host(), stuck.port())) {
                // a master that stops answering clients for 4 s (its cluster bus still runs: no failover follows)
                j.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE", "4000", "ALL");
            }
            assertThatThrownBy(admin::queueNames).isInstanceOf(QueueException.class)
                    .hasMessageContaining("did not answer").hasMessageContaining("no partial answer");
        }
    }

    @Test
    void anAddWaitingForMoreReplicasThanAnswerSaysItMayNotSurviveAFailover() {
        QueueOptions qo = via(cluster.processes().getFirst(), tag).toBuilder()
                .waitForReplicas(2, Duration.ofMillis(300)).build();
        try (Queue q = new Queue("durable", qo)) {
            assertThatThrownBy(() -> q.add("x", 1, JobOptions.builder().jobId("j1").build()))
                    .isInstanceOf(NotReplicatedException.class)
                    .hasMessageContaining("j1").hasMessageContaining("1 of 2")
                    .hasMessageContaining("may or may not survive a failover");
            assertThat(q.getJobState("j1")).isEqualTo(JobState.WAITING);
        }
        QueueOptions one = qo.toBuilder().waitForReplicas(1, Duration.ofSeconds(5)).build();
        try (Queue q = new Queue("durable", one)) {
            assertThat(q.addBulk(List.of(new NewJob("a", 1, JobOptions.DEFAULTS), new NewJob("b", 2,
                    JobOptions.DEFAULTS)))).hasSize(2);
        }
    }
}
