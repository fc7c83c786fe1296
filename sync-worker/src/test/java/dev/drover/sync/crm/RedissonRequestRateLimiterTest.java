package dev.drover.sync.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

@ExtendWith(RedisExtension.class)
class RedissonRequestRateLimiterTest {

    private static RedissonClient connect(TestRedis redis) {
        Config config = new Config();
        config.useSingleServer().setAddress(redis.url());
        return Redisson.create(config);
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
