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
    void waitUntilReadyOpensThePoolOnTheMasterOfTheQueuesSlotOnly() {
        Map<Integer, Jedis> observers = new java.util.HashMap<>();
        // generous timeout: another test may have paused a master's clients for a few seconds
        cluster.processes().forEach(p -> observers.put(p.port(), new Jedis("127.0.0.1", p.port(), 15_000)));
        try (Queue q = new Queue("ready", QueueOptions.builder().redisUrl(cluster.urlVia(cluster.processes().getFirst()))
                .prefix(tag).maxConnections(3).build())) {
            Map<Integer, Long> before = connectedClients(observers);
            q.waitUntilReady();
            Map<Integer, Long> after = connectedClients(observers);
            int owner = ownerOf(tag + ":ready:id", observers);
            observers.keySet().forEach(port -> assertThat(after.get(port) - before.get(port)).as("node %d", port)
                    .isEqualTo(port == owner ? 3 : 0));
        } finally {
            observers.values().forEach(Jedis::close);
        }
    }

    /** The port of the node that serves {@code key}: every other node answers MOVED. */
    private static int ownerOf(String key, Map<Integer, Jedis> nodes) {
        return nodes.entrySet().stream().filter(e -> {
            try {
                e.getValue().exists(key);
                return true;
            } catch (redis.clients.jedis.exceptions.JedisMovedDataException moved) {
                return false;
            }
        }).map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static Map<Integer, Long> connectedClients(Map<Integer, Jedis> observers) {
        Map<Integer, Long> out = new java.util.HashMap<>();
        observers.forEach((port, j) -> out.put(port, j.info("clients").lines()
                .filter(l -> l.startsWith("connected_clients:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow()));
        return out;
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
