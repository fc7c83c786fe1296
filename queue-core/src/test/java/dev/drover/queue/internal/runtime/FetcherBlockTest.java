package dev.drover.queue.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * A worker's block on the marker always ends: Redis truncates a BZPOPMIN timeout to whole milliseconds, and a
 * timeout that truncates to 0 blocks forever, so the fetcher never asks for less than 10 ms.
 */
@ExtendWith(RedisExtension.class)
class FetcherBlockTest {

    @Test
    void aBlockOfOneMillisecondStillTimesOut(TestRedis redis) {
        assertThat(Fetcher.blockSeconds(1)).isEqualTo(0.01);
        assertThat(Fetcher.blockSeconds(250)).isEqualTo(0.25);
        try (Jedis jedis = redis.jedis()) {
            // with 0.001 s this would never return (the timeout truncates to 0)
            assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThat(jedis.bzpopmin(Fetcher.blockSeconds(1), redis.prefix() + ":no-marker")).isNull());
        }
    }
}
