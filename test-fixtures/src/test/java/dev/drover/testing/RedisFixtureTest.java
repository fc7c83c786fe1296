package dev.drover.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.redis.LocalRedisSentinel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

@ExtendWith({RedisExtension.class, RedisClusterExtension.class})
class RedisFixtureTest {

    @Test
    void sharedServerAnswersOnLoopbackWithAUniquePrefix(TestRedis redis) {
        assertThat(redis.host()).isEqualTo("127.0.0.1");
        assertThat(redis.port()).isNotIn(6379, 0);
        assertThat(redis.prefix()).isNotBlank();
        try (Jedis j = redis.jedis()) {
            j.set(redis.prefix() + ":k", "v");
            assertThat(j.get(redis.prefix() + ":k")).isEqualTo("v");
            assertThat(j.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "noeviction");
        }
    }

    @Test
    void sharedServerCannotBeKilledByOneTest(TestRedis redis) {
        assertThatThrownBy(redis::server).isInstanceOf(IllegalStateException.class).hasMessageContaining("@DedicatedRedisServer");
    }

    @Test
    @DedicatedRedisServer(aof = true)
    void dedicatedServerSurvivesSigkillWithAof(TestRedis redis) {
        try (Jedis j = redis.jedis()) {
            j.set("durable", "yes");
        }
        redis.server().kill();
        assertThat(redis.server().isRunning()).isFalse();
        redis.server().start();
        try (Jedis j = redis.jedis()) {
            assertThat(j.get("durable")).isEqualTo("yes");
        }
    }

    @Test
    void clusterOfThreeMastersAndThreeReplicasFailsOverAShard(LocalRedisCluster cluster) {
        try (JedisCluster c = new JedisCluster(cluster.nodes())) {
            c.set("{q}:a", "1");
            c.set("{q}:b", "2");
            assertThat(c.mget("{q}:a", "{q}:b")).containsExactly("1", "2");
            assertThat(c.getClusterNodes()).hasSizeGreaterThanOrEqualTo(3);
            HostAndPort promoted = cluster.failoverShardOf("{q}:a");
            try (Jedis j = new Jedis(promoted)) {
                assertThat(j.info("replication")).contains("role:master");
                assertThat(j.get("{q}:a")).isEqualTo("1");
            }
        }
    }

    @Test
    void sentinelSetFailsOverToTheReplica(LocalRedisSentinel sentinel) {
        HostAndPort before = sentinel.master();
        try (Jedis j = new Jedis(before)) {
            j.set("k", "v");
            assertThat(j.waitReplicas(1, 5_000)).isEqualTo(1);
        }
        HostAndPort after = sentinel.failover();
        assertThat(after).isNotEqualTo(before);
        try (Jedis j = new Jedis(after)) {
            assertThat(j.get("k")).isEqualTo("v");
        }
        assertThat(sentinel.url()).startsWith("redis-sentinel://").endsWith("/" + LocalRedisSentinel.MASTER_NAME);
    }
}
