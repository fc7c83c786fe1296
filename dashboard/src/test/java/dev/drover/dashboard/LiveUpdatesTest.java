package dev.drover.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * The live stream follows a queue's events (one reader, one Redis connection) only while a page that shows the queue
 * is open: once the last such page goes away, the reader is closed.
 */
@ExtendWith(RedisExtension.class)
class LiveUpdatesTest {

    @Test
    void aQueueNoOpenPageShowsIsNoLongerFollowed(TestRedis redis) throws Exception {
        QueueOptions options = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        String reader = "name=" + redis.prefix() + ":" + Base64.getEncoder().encodeToString(
                "shown".getBytes(StandardCharsets.UTF_8)) + ":qe";
        try (DashboardServer server = DashboardServer.start(DashboardConfig.of(options), "127.0.0.1", 0);
             Queue q = new Queue("shown", options); Jedis jedis = redis.jedis()) {
            q.add("x", Map.of());
            HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.url().resolve("/events?queue=shown")).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = stream.body()) {
                assertThat(new String(in.readNBytes("retry: 2000".length()), StandardCharsets.UTF_8))
                        .isEqualTo("retry: 2000");
                await().atMost(Duration.ofSeconds(30)).until(() -> jedis.clientList().contains(reader));
            }
            // the server learns that the page went away at its next write (a heartbeat), then stops following
            await().atMost(Duration.ofSeconds(90)).until(() -> !jedis.clientList().contains(reader));
        }
    }
}
