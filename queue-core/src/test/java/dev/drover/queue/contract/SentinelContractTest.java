package dev.drover.queue.contract;

import dev.drover.testing.RedisClusterExtension;
import dev.drover.testing.redis.LocalRedisSentinel;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract against an embedded Sentinel set (master, replica, three sentinels); the fault is SENTINEL FAILOVER. */
@ExtendWith(RedisClusterExtension.class)
class SentinelContractTest extends RedisContract {

    private final LocalRedisSentinel sentinel;

    SentinelContractTest(LocalRedisSentinel sentinel) {
        this.sentinel = sentinel;
    }

    @Override
    protected RedisUnderTest redis() {
        return new RedisUnderTest() {
            @Override
            public String url() {
                return sentinel.url();
            }

            @Override
            public String newPrefix() {
                return "{s" + UUID.randomUUID().toString().substring(0, 8) + "}";
            }

            @Override
            public int replicas() {
                return 1;
            }

            @Override
            public void disrupt(String key) {
                sentinel.failover();
            }
        };
    }
}
