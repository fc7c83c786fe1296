package dev.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.redis.RedisServerProcess;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** The delaying proxy relays pipelined commands and their replies whole and in order (its timing is not asserted). */
class LatencyProxyTest {

    @Test
    void pipelinedCommandsAndRepliesArriveInOrder() {
        try (RedisServerProcess redis = RedisServerProcess.start(false);
             LatencyProxy proxy = new LatencyProxy(redis.host(), redis.port(), 1.0);
             Jedis jedis = new Jedis(URI.create(proxy.url()))) {
            Pipeline p = jedis.pipelined();
            List<Response<Long>> replies = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                replies.add(p.rpush("list", "v" + i + "x".repeat(i % 300)));
            }
            p.sync();
            assertThat(replies.stream().map(Response::get).toList())
                    .isEqualTo(IntStream.rangeClosed(1, 2000).mapToObj(i -> (long) i).toList());
            List<String> stored = jedis.lrange("list", 0, -1);
            assertThat(stored.get(1999)).isEqualTo("v1999" + "x".repeat(1999 % 300));
            assertThat(jedis.ping()).isEqualTo("PONG");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
