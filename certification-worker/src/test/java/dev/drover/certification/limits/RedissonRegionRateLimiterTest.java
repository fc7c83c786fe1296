package dev.drover.certification.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.queue.RedisConfig;
import dev.drover.testing.RedisClusterExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.TlsRedisExtension;
import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.redis.LocalRedisSentinel;
import dev.drover.testing.redis.TlsAclRedis;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two limiters (two Redisson clients, as two worker processes) draw from one bucket per region. Only lower bounds on
 * elapsed time are asserted: a slow machine can make the limiter look stricter, never looser.
 */
@ExtendWith({RedisExtension.class, TlsRedisExtension.class, RedisClusterExtension.class})
class RedissonRegionRateLimiterTest {

    @Test
    void limitsOverVerifiedTlsAsAnAclUserWithTheCaFile(TlsAclRedis tls) {
        RedisConfig config = RedisConfig.fromUrl(tls.url()).withTlsCaFile(tls.caFile());
        try (var a = new RedissonRegionRateLimiter(config, "tls", 50)) {
            acquire(a, "us-east-1", 3);
        }
    }

    @Test
    void limitsOnSentinelAndOnClusterFromOneUrl(LocalRedisSentinel sentinel, LocalRedisCluster cluster) {
        for (String url : new String[] {sentinel.url(), cluster.urlVia(cluster.processes().getLast())}) {
            try (var a = new RedissonRegionRateLimiter(RedisConfig.fromUrl(url), "{limits}", 50)) {
                acquire(a, "us-east-1", 3);
            }
        }
    }

    @Test
    void workersShareOneBucketPerRegion(TestRedis redis) {
        RedisConfig config = RedisConfig.fromUrl(redis.url());
        try (var a = new RedissonRegionRateLimiter(config, redis.prefix(), 2);
             var b = new RedissonRegionRateLimiter(config, redis.prefix(), 2)) {
            long start = System.nanoTime();
            // 6 calls at 2 per second overall need three windows; two private buckets would need two
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> acquire(a, "eu-west-1", 3)),
                    CompletableFuture.runAsync(() -> acquire(b, "eu-west-1", 3))).join();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1_500));
        }
    }

    @Test
    void regionsHaveSeparateBuckets(TestRedis redis) {
        RedisConfig config = RedisConfig.fromUrl(redis.url());
        try (var a = new RedissonRegionRateLimiter(config, redis.prefix(), 2)) {
            acquire(a, "us-east-1", 2);
            acquire(a, "us-west-2", 2);
            acquire(a, "eu-west-1", 2);

            try (var jedis = redis.jedis()) {
                assertThat(jedis.keys(redis.prefix() + ":certification:bedrock-rate:*")).hasSize(3);
            }
        }
    }

    private static void acquire(RedissonRegionRateLimiter limiter, String region, int times) {
        for (int i = 0; i < times; i++) {
            limiter.acquire(region);
        }
    }
}
