package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code drover watch}: events as they happen, per-second rates, and the hidden stop options. */
@ExtendWith(RedisExtension.class)
class WatchCommandTest {

    private final TestRedis redis;
    private final QueueOptions qo;
    private final Cli cli;

    WatchCommandTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        this.cli = new Cli(redis.url(), redis.prefix());
    }

    @Test
    void printsEventsAndRatesUntilMaxEvents() throws Exception {
        cli.run("add", "live", "warmup", "--delay", "1h");
        Cli.Running watch = cli.start("watch", "live", "--max-events", "4", "--duration", "60s");
        await().until(() -> watch.outSoFar().contains("watching queue 'live'"));
        String id = cli.run("add", "live", "greet").out().trim();
        cli.run("pause", "live");
        cli.run("resume", "live");
        Cli.Result r = watch.await(Duration.ofSeconds(60));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  added\\s+job " + id + "  name=greet")
                .containsPattern("waiting\\s+job " + id).containsPattern("paused").containsPattern("resumed")
                .contains("per second:").containsPattern("events seen: \\{.*added=1");
    }

    @Test
    void showsWorkerEvents() throws Exception {
        cli.run("add", "work", "warmup", "--delay", "1h");
        Cli.Running watch = cli.start("watch", "work", "--duration", "4s");
        await().until(() -> watch.outSoFar().contains("watching queue 'work'"));
        try (Queue q = new Queue("work", qo); Worker w = new Worker("work", job -> Map.of("done", job.id()),
                WorkerOptions.builder().drainDelay(Duration.ofMillis(100)).build(), qo).start()) {
            String id = q.add("greet", Map.of());
            await().until(() -> watch.outSoFar().contains("completed         job " + id));
            assertThat(watch.outSoFar()).containsPattern("completed\\s+job " + id + ".*returnvalue=\\{\"done\":\"" + id);
        }
        assertThat(watch.await(Duration.ofSeconds(30)).out()).containsPattern("events seen: \\{.*completed=1");
    }

    @Test
    void jsonPrintsOneEventPerLineAndStopsAtDuration() throws Exception {
        cli.run("add", "live", "warmup");
        Cli.Running watch = cli.start("--json", "watch", "live", "--duration", "3s");
        await().until(() -> redisHasEventsReader());
        cli.run("add", "live", "second");
        cli.run("pause", "live");
        Cli.Result r = watch.await(Duration.ofSeconds(30));
        assertThat(r.code()).isZero();
        List<JsonNode> lines = r.out().lines().map(WatchCommandTest::parse).toList();
        assertThat(lines).extracting(n -> n.path("type").asText()).contains("added", "waiting", "paused");
        JsonNode added = lines.stream().filter(n -> n.path("type").asText().equals("added")).findFirst().orElseThrow();
        assertThat(added.path("fields").path("name").asText()).isEqualTo("second");
        assertThat(added.path("time").asLong()).isPositive();
    }

    @Test
    void unknownQueueIsNotWatched() {
        assertThat(cli.run("watch", "nope", "--duration", "1s").code()).isEqualTo(1);
    }

    /** The events reader's connection ({@code P:<base64(Q)>:qe}) is up, so events from now on are seen. */
    private boolean redisHasEventsReader() {
        try (var j = redis.jedis()) {
            String name = redis.prefix() + ":" + java.util.Base64.getEncoder().encodeToString("live".getBytes()) + ":qe";
            return j.clientList().contains("name=" + name + " ");
        }
    }

    private static JsonNode parse(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
