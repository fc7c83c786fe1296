package dev.drover.sync.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.daemon.RedissonConfigs;
import dev.drover.queue.RedisConfig;
import dev.drover.testing.RedisClusterExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.TlsRedisExtension;
import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.redis.LocalRedisSentinel;
import dev.drover.testing.redis.TlsAclRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

@ExtendWith({RedisExtension.class, TlsRedisExtension.class, RedisClusterExtension.class})
class RedissonRequestRateLimiterTest {

    private static RedissonClient connect(TestRedis redis) {
        return connect(RedisConfig.fromUrl(redis.url()));
    }

    private static RedissonClient connect(RedisConfig redis) {
        return Redisson.create(RedissonConfigs.of(redis, 2));
    }

    @Test
    void sharesTheBudgetOverVerifiedTlsAsAnAclUserAndOnSentinelAndCluster(TlsAclRedis tls,
            LocalRedisSentinel sentinel, LocalRedisCluster cluster) {
        String key = "{crm-" + System.nanoTime() + "}:sprinthub:rate";
        for (RedisConfig redis : new RedisConfig[] {RedisConfig.fromUrl(tls.url()).withTlsCaFile(tls.caFile()),
                RedisConfig.fromUrl(sentinel.url()), RedisConfig.fromUrl(cluster.urlVia(cluster.processes().get(2)))}) {
            RedissonClient a = connect(redis);
            try {
                RequestRateLimiter limiter = new RedissonRequestRateLimiter(a, key, 2, Duration.ofMinutes(1));
                assertThat(limiter.tryAcquire()).as("%s", redis).isTrue();
                assertThat(limiter.tryAcquire()).isTrue();
                assertThat(limiter.tryAcquire()).isFalse();
            } finally {
                a.shutdown();
            }
        }
    }

    @Test
    void twoProcessesShareOneBudget(TestRedis redis) {
        RedissonClient a = connect(redis);
        RedissonClient b = connect(redis);
        try {
            String key = redis.prefix() + ":sprinthub:rate";
            RequestRateLimiter first = new RedissonRequestRateLimiter(a, key, 3, Duration.ofMinutes(1));
            RequestRateLimiter second = new RedissonRequestRateLimiter(b, key, 3, Duration.ofMinutes(1));

            assertThat(first.tryAcquire()).isTrue();
            assertThat(second.tryAcquire()).isTrue();
            assertThat(first.tryAcquire()).isTrue();
            assertThat(second.tryAcquire()).as("the budget is spent, whichever process asks").isFalse();
            assertThat(first.tryAcquire()).isFalse();
        } finally {
            a.shutdown();
            b.shutdown();
        }
    }

    @Test
    void acquireWaitsForTheNextInterval(TestRedis redis) {
        RedissonClient client = connect(redis);
        try {
            RequestRateLimiter limiter = new RedissonRequestRateLimiter(client, redis.prefix() + ":rate", 2, Duration.ofSeconds(1));
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                limiter.acquire();
            }
            // 2 now, 2 after one second, 1 after two seconds.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aNewRateReplacesAStaleOne(TestRedis redis) {
        RedissonClient client = connect(redis);
        try {
            String key = redis.prefix() + ":rate";
            new RedissonRequestRateLimiter(client, key, 1, Duration.ofMinutes(1));
            RequestRateLimiter limiter = new RedissonRequestRateLimiter(client, key, 2, Duration.ofMinutes(1));

            assertThat(limiter.tryAcquire()).isTrue();
            assertThat(limiter.tryAcquire()).isTrue();
            assertThat(limiter.tryAcquire()).isFalse();
        } finally {
            client.shutdown();
        }
    }
}
