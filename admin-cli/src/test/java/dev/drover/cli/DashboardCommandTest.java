package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code drover dashboard}: serves the dashboard, and refuses what would expose it or cannot work. */
@ExtendWith(RedisExtension.class)
class DashboardCommandTest {

    @Test
    void servesTheQueuesOnLoopbackAndPrintsItsUrl(TestRedis redis) throws Exception {
        try (Queue q = new Queue("mail", QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build())) {
            q.add("welcome", Map.of());
        }
        Cli.Running run = new Cli(redis.url(), redis.prefix()).start("dashboard", "--port", "0", "--read-only",
                "--duration", "8s");
        Pattern url = Pattern.compile("dashboard at (http://127\\.0\\.0\\.1:\\d+/) \\(read-only\\)");
        await().atMost(Duration.ofSeconds(30)).until(() -> url.matcher(run.outSoFar()).find());
        Matcher m = url.matcher(run.outSoFar());
        assertThat(m.find()).isTrue();
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("mail", "read-only");
        assertThat(run.await(Duration.ofSeconds(30)).code()).isZero();
    }

    @Test
    void onAnyOtherAddressItNeedsCredentialsFromTheEnvironment(TestRedis redis) {
        Cli.Result r = new Cli(redis.url(), redis.prefix()).raw(Map.of(), "--redis", redis.url(), "dashboard",
                "--bind", "0.0.0.0", "--port", "0");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("DASHBOARD_TOKEN");
    }

    @Test
    void aBadDatabaseUrlIsAUsageErrorWithoutItsPassword(TestRedis redis) {
        Cli.Result r = new Cli(redis.url(), redis.prefix()).raw(Map.of("DATABASE_URL", "mysql://u:hunter2@db/x"),
                "--redis", redis.url(), "dashboard", "--port", "0");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("DATABASE_URL").doesNotContain("hunter2");
    }
}
