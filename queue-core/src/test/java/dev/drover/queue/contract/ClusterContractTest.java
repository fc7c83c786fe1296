package dev.drover.queue.contract;

import dev.drover.testing.RedisClusterExtension;
import dev.drover.testing.redis.LocalRedisCluster;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract against an embedded Cluster (three masters, one replica each), reached through a URL naming a single
 * node, so every other shard is found by the client; the fault is CLUSTER FAILOVER on the replica of the queue's shard.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterContractTest extends RedisContract {

    private final LocalRedisCluster cluster;

    ClusterContractTest(LocalRedisCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    protected RedisUnderTest redis() {
        return new RedisUnderTest() {
            @Override
            public String url() {
                return cluster.urlVia(cluster.processes().getFirst());
            }

            @Override
            public String newPrefix() {
                return "{c" + UUID.randomUUID().toString().substring(0, 8) + "}";
            }

            @Override
            public int replicas() {
                return 1;
            }

            @Override
            public void disrupt(String key) {
                cluster.failoverShardOf(key);
            }
        };
    }
}
