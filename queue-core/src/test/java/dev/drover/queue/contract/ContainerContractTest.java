package dev.drover.queue.contract;

import com.redis.testcontainers.RedisContainer;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.Jedis;

/**
 * The contract against official server images, one nested class per image, where a Docker engine is present
 * (skipped cleanly otherwise: the embedded Sentinel and Cluster runs are the coverage that always runs). A single
 * container has no replica, so the fault is every client connection killed at once ({@code CLIENT KILL TYPE normal}),
 * which is what clients see of a failover or a proxy restart, and adds do not WAIT.
 */
class ContainerContractTest {

    abstract static class OneContainer extends RedisContract {

        abstract RedisContainer container();

        @Override
        protected RedisUnderTest redis() {
            RedisContainer c = container();
            return new RedisUnderTest() {
                @Override
                public String url() {
                    return "redis://" + c.getRedisHost() + ":" + c.getRedisPort();
                }

                @Override
                public String newPrefix() {
                    return "{k" + UUID.randomUUID().toString().substring(0, 8) + "}";
                }

                @Override
                public int replicas() {
                    return 0;
                }

                @Override
                public void disrupt(String key) {
                    try (Jedis j = new Jedis(c.getRedisHost(), c.getRedisPort())) {
                        j.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "KILL", "TYPE", "normal",
                                "SKIPME", "yes");
                    }
                }
            };
        }
    }

    @Nested
    @Testcontainers(disabledWithoutDocker = true)
    class Redis74 extends OneContainer {
        @Container
        private static final RedisContainer redis = new RedisContainer(DockerImageName.parse("redis:7.4"));

        @Override
        RedisContainer container() {
            return redis;
        }
    }

    @Nested
    @Testcontainers(disabledWithoutDocker = true)
    class Redis8 extends OneContainer {
        @Container
        private static final RedisContainer redis = new RedisContainer(DockerImageName.parse("redis:8.0"));

        @Override
        RedisContainer container() {
            return redis;
        }
    }

    @Nested
    @Testcontainers(disabledWithoutDocker = true)
    class Valkey8 extends OneContainer {
        @Container
        private static final RedisContainer redis = new RedisContainer(
                DockerImageName.parse("valkey/valkey:8.1").asCompatibleSubstituteFor("redis"));

        @Override
        RedisContainer container() {
            return redis;
        }
    }
}
