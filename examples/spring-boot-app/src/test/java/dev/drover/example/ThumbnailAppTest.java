package dev.drover.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.testing.SharedRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service over HTTP on the test Redis: a REST call enqueues, the annotated worker processes, and the job's
 * meters show in {@code /actuator/prometheus} and the queue in {@code /actuator/health}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ThumbnailAppTest {

    private static final String PREFIX = "t" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry properties) {
        properties.add("spring.data.redis.url", SharedRedis::url);
        properties.add("drover.prefix", () -> PREFIX);
    }

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPostedImageIsResizedByTheWorkerAndMetered() throws Exception {
        HttpResponse<String> posted = send(HttpRequest.newBuilder(uri("/images"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"https://img.example/cat.png\",\"width\":128}")));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        Matcher id = Pattern.compile("\"jobId\":\"([^\"]+)\"").matcher(posted.body());
        assertThat(id.find()).isTrue();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/images/" + id.group(1)).body())
                .contains("\"state\":\"completed\"", "thumbs/128/cat.png"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/actuator/prometheus").body())
                .contains("drover_jobs_completed_total{name=\"resize\",queue=\"thumbnails\"} 1.0")
                .contains("drover_job_processing_seconds_count{name=\"resize\",outcome=\"completed\",queue=\"thumbnails\"} 1")
                .contains("drover_job_wait_seconds_count{name=\"resize\",queue=\"thumbnails\"} 1")
                .contains("drover_queue_depth{queue=\"thumbnails\",state=\"completed\"} 1.0"));
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        var drover = new ObjectMapper().readTree(health.body()).path("components").path("drover");
        assertThat(drover.path("status").asText()).isEqualTo("UP");
        assertThat(drover.path("details").path("queues").path("thumbnails").path("completed").asLong()).isOne();

        assertThat(send(HttpRequest.newBuilder(uri("/images")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"width\":0}"))).statusCode()).isEqualTo(400);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
