package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.DedicatedRedisServer;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * A {@link RedisProbe} kept by a health endpoint reuses its connection between checks, reports an outage in one
 * line, and answers again once Redis is back. On a server of its own, so that connections can be counted.
 */
@ExtendWith(RedisExtension.class)
@DedicatedRedisServer(aof = false)
class RedisProbeTest {

    private final TestRedis redis;

    RedisProbeTest(TestRedis redis) {
        this.redis = redis;
    }

    @Test
    void repeatedChecksShareOneConnection() {
        try (RedisProbe probe = new RedisProbe(RedisConfig.fromUrl(redis.url()), Duration.ofSeconds(5))) {
            long before = connectionsReceived();
            for (int i = 0; i < 5; i++) {
                assertThat(probe.ping()).isNull();
            }
            // the counting connection itself is one of them
            assertThat(connectionsReceived() - before).isEqualTo(2);
        }
    }

    @Test
    void anOutageIsReportedAndTheProbeRecoversWhenRedisIsBack() {
        try (RedisProbe probe = new RedisProbe(RedisConfig.fromUrl(redis.url()), Duration.ofSeconds(2))) {
            assertThat(probe.ping()).isNull();
            redis.server().stop();
            assertThat(probe.ping()).isNotNull().doesNotContain("\n");
            redis.server().start();
            assertThat(probe.ping()).isNull();
        }
    }

    private long connectionsReceived() {
        try (Jedis j = redis.jedis()) {
            return j.info("stats").lines().filter(l -> l.startsWith("total_connections_received:"))
                    .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
        }
    }
}
