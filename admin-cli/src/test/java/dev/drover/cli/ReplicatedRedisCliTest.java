package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testing.RedisClusterExtension;
import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.redis.LocalRedisSentinel;
import dev.drover.testing.redis.RedisServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * {@code drover} against a Cluster through every node's URL, and against a Sentinel set: it adds where the queue's
 * slot lives, lists queues on every shard, refuses a prefix without a hash tag naming the fix, and exits 3 (never
 * "no queues") when a shard cannot answer.
 */
@ExtendWith(RedisClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedRedisCliTest {

    private static final String PREFIX = "c" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> QUEUES = IntStream.range(0, 9).mapToObj(i -> "{q" + i + "}").toList();

    @Test
    void everyNodeOfTheClusterAddsAndListsQueuesOnEveryShard(LocalRedisCluster cluster) {
        List<RedisServerProcess> nodes = cluster.processes();
        for (int i = 0; i < QUEUES.size(); i++) {
            Cli.Result add = new Cli(cluster.urlVia(nodes.get(i % nodes.size())), PREFIX).run("add", QUEUES.get(i), "x");
            assertThat(add.code()).as(add.toString()).isZero();
        }
        for (RedisServerProcess node : nodes) {
            Cli.Result r = new Cli(cluster.urlVia(node), PREFIX).run("queues", "--json");
            assertThat(r.code()).as(r.toString()).isZero();
            List<String> names = new ArrayList<>();
            for (JsonNode q : r.json()) {
                names.add(q.path("name").asText());
                assertThat(q.path("counts").path("waiting").asLong()).isEqualTo(1);
            }
            assertThat(names).containsExactlyInAnyOrderElementsOf(QUEUES);
            Cli.Result counts = new Cli(cluster.urlVia(node), PREFIX).run("counts", "{q4}");
            assertThat(counts.code()).as(counts.toString()).isZero();
        }
    }

    @Test
    void aPrefixWithoutAHashTagIsAUsageErrorNamingTheFix(LocalRedisCluster cluster) {
        Cli.Result r = new Cli(cluster.url(), "bull").run("add", "emails", "welcome");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--prefix '{bull}'");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aShardThatCannotAnswerIsAnErrorNotAnEmptyList(LocalRedisCluster cluster) {
        RedisServerProcess stuck = cluster.masters().getLast();
        try (Jedis j = new Jedis(stuck.host(), stuck.port())) {
            // it stops answering clients well past the CLI's 5 s timeout (and start-up on a loaded machine); its
            // cluster bus runs on, so no failover follows. A pause cannot be lifted early, so this test runs last.
            j.sendCommand(Protocol.Command.CLIENT, "PAUSE", "15000", "ALL");
        }
        Cli.Result r = new Cli(cluster.urlVia(cluster.processes().getFirst()), PREFIX).run("queues");
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).doesNotContain("no queues");
        assertThat(r.err()).contains("cannot connect to Redis at");
    }

    @Test
    void aSentinelUrlReachesTheMaster(LocalRedisSentinel sentinel) {
        Cli cli = new Cli(sentinel.url(), PREFIX);
        assertThat(cli.run("add", "mail", "x").code()).isZero();
        Cli.Result r = cli.run("queues", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get(0).path("name").asText()).isEqualTo("mail");

        Cli.Result durable = cli.run("add", "mail", "y", "--wait-replicas", "1", "--wait-timeout", "5000");
        assertThat(durable.code()).as(durable.toString()).isZero();
        Cli.Result tooMany = cli.run("add", "mail", "z", "--job-id", "z1", "--wait-replicas", "2", "--wait-timeout", "200");
        assertThat(tooMany.code()).as(tooMany.toString()).isEqualTo(1);
        assertThat(tooMany.err()).contains("job z1").contains("1 of 2").contains("may or may not survive a failover");
    }
}
