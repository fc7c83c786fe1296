package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.DedicatedRedisServer;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * A pipelined batch that meets an empty script cache (a fresh, restarted or flushed Redis) loads each distinct script
 * once and re-sends the refused calls, so every job is added exactly once and SCRIPT LOAD does not run per call.
 */
@ExtendWith(RedisExtension.class)
@DedicatedRedisServer
class ScriptReloadTest {

    private static final int JOBS = 300;

    @Test
    void addBulkAfterScriptFlushLoadsTheScriptOnceAndAddsEveryJobOnce(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        try (Queue q = new Queue("reload", qo); Jedis jedis = redis.jedis()) {
            jedis.scriptFlush();
            jedis.configResetStat();
            List<String> ids = q.addBulk(IntStream.range(0, JOBS).mapToObj(i -> NewJob.of("j", i)).toList());

            assertThat(scriptLoads(jedis.info("commandstats"))).isEqualTo(1);
            assertThat(new HashSet<>(ids)).hasSize(JOBS);
            assertThat(jedis.lrange(redis.prefix() + ":reload:wait", 0, -1)).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(jedis.get(redis.prefix() + ":reload:id")).isEqualTo(String.valueOf(JOBS));
        }
    }

    /** SCRIPT LOAD calls in INFO commandstats: {@code cmdstat_script|load} (Redis 7) or {@code cmdstat_script} (6.2). */
    private static long scriptLoads(String commandStats) {
        return commandStats.lines()
                .filter(l -> l.startsWith("cmdstat_script|load:") || l.startsWith("cmdstat_script:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("^[^:]*:calls=(\\d+),.*", "$1")))
                .sum();
    }
}
