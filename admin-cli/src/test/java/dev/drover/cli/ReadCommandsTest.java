package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.Backoff;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** queues, counts, jobs, job and workers on queues made by Drover: tables, --json and not-found exits. */
@ExtendWith(RedisExtension.class)
class ReadCommandsTest {

    private final TestRedis redis;
    private final QueueOptions qo;
    private final Cli cli;

    ReadCommandsTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        this.cli = new Cli(redis.url(), redis.prefix());
    }

    /** emails: 1 completed, 1 failed (reason "smtp down"), 1 delayed, 1 waiting; reports: 1 waiting, paused. */
    private Map<String, String> seed() {
        try (Queue emails = new Queue("emails", qo); Queue reports = new Queue("reports", qo)) {
            String ok = emails.add("welcome", Map.of("to", "a@example.com"));
            String bad = emails.add("boom", Map.of("to", "b@example.com"));
            try (Worker w = new Worker("emails", job -> {
                job.log("sending to " + job.data().path("to").asText());
                if (job.name().equals("boom")) {
                    throw new IllegalStateException("smtp down");
                }
                return Map.of("sent", true);
            }, WorkerOptions.builder().drainDelay(Duration.ofMillis(100)).build(), qo).start()) {
                await().until(() -> emails.getJobCounts().get(JobState.COMPLETED) == 1
                        && emails.getJobCounts().get(JobState.FAILED) == 1);
            }
            String later = emails.add("digest", Map.of(), JobOptions.builder().delay(Duration.ofHours(1)).build());
            String waiting = emails.add("welcome", Map.of("to", "c@example.com"),
                    JobOptions.builder().attempts(3).backoff(Backoff.exponential(1000)).build());
            reports.add("monthly", Map.of());
            reports.pause();
            return Map.of("ok", ok, "bad", bad, "later", later, "waiting", waiting);
        }
    }

    @Test
    void queuesListsEveryQueueWithCountsAndPausedFlag() {
        seed();
        Cli.Result r = cli.run("queues");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("QUEUE\\s+STATUS\\s+WAIT\\s+ACTIVE\\s+DELAYED")
                .containsPattern("emails\\s+running\\s+1\\s+0\\s+1\\s+0\\s+0\\s+1\\s+1")
                .containsPattern("reports\\s+paused\\s+1");

        JsonNode json = cli.run("queues", "--json").json();
        assertThat(json).hasSize(2);
        JsonNode emails = json.get(0);
        assertThat(emails.path("name").asText()).isEqualTo("emails");
        assertThat(emails.path("paused").asBoolean()).isFalse();
        assertThat(emails.path("counts").path("failed").asLong()).isEqualTo(1);
        assertThat(emails.path("counts").path("delayed").asLong()).isEqualTo(1);
        assertThat(json.get(1).path("paused").asBoolean()).isTrue();
    }

    @Test
    void countsInTableAndJson() {
        seed();
        Cli.Result r = cli.run("counts", "emails");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("completed\\s+1").containsPattern("failed\\s+1")
                .containsPattern("waiting\\s+1");
        JsonNode json = cli.run("--json", "counts", "emails").json();
        assertThat(json.path("waiting").asLong()).isEqualTo(1);
        assertThat(json.path("active").asLong()).isZero();
        assertThat(json.path("completed").asLong()).isEqualTo(1);
    }

    @Test
    void jobsByStateWithPaging() {
        Map<String, String> ids = seed();
        Cli.Result failed = cli.run("jobs", "emails", "--state", "failed");
        assertThat(failed.code()).isZero();
        assertThat(failed.out()).contains("ID", "NAME", "STATE").contains(ids.get("bad")).contains("smtp down")
                .doesNotContain("welcome");
        Cli.Result delayed = cli.run("jobs", "emails", "--state", "delayed");
        assertThat(delayed.out()).contains("digest").containsPattern("due in (59m|1h)");

        JsonNode all = cli.run("jobs", "emails", "--json").json();
        assertThat(all).hasSize(4);
        JsonNode page = cli.run("jobs", "emails", "--state", "completed", "--start", "1", "--end", "5", "--json").json();
        assertThat(page).isEmpty();
        Cli.Result none = cli.run("jobs", "emails", "--state", "active");
        assertThat(none.code()).isZero();
        assertThat(none.out()).contains("no active jobs");
    }

    @Test
    void jobShowsEverything() {
        Map<String, String> ids = seed();
        Cli.Result r = cli.run("job", "emails", ids.get("bad"));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Job " + ids.get("bad") + " (boom)").containsPattern("state\\s+failed")
                .contains("smtp down").contains("b@example.com").contains("stacktrace")
                .contains("IllegalStateException").contains("logs (1)").contains("sending to b@example.com")
                .containsPattern("created\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\((just now|.+ ago)\\)");

        JsonNode json = cli.run("job", "emails", ids.get("ok"), "--json").json();
        assertThat(json.path("state").asText()).isEqualTo("completed");
        assertThat(json.path("data").path("to").asText()).isEqualTo("a@example.com");
        assertThat(json.path("returnvalue").path("sent").asBoolean()).isTrue();
        assertThat(json.path("attemptsMade").asInt()).isEqualTo(1);
        assertThat(json.path("finishedOn").asLong()).isPositive();
        assertThat(json.path("logs").get(0).asText()).isEqualTo("sending to a@example.com");

        JsonNode waiting = cli.run("job", "emails", ids.get("waiting"), "--json").json();
        assertThat(waiting.path("opts").path("attempts").asInt()).isEqualTo(3);
        assertThat(waiting.path("opts").path("backoff").path("type").asText()).isEqualTo("exponential");
    }

    @Test
    void unknownQueueAndUnknownJobExitOne() {
        seed();
        Cli.Result q = cli.run("counts", "nope");
        assertThat(q.code()).isEqualTo(1);
        assertThat(q.err()).contains("queue 'nope' not found");
        assertThat(q.out()).isEmpty();
        for (String cmd : new String[] {"jobs", "pause", "resume", "drain", "metrics", "schedulers", "workers"}) {
            assertThat(cli.run(cmd, "nope").code()).as(cmd).isEqualTo(1);
        }
        Cli.Result j = cli.run("job", "emails", "999");
        assertThat(j.code()).isEqualTo(1);
        assertThat(j.err()).contains("job '999' not found");
    }

    @Test
    void emptyPrefixHasNoQueues() {
        Cli.Result r = new Cli(redis.url(), redis.prefix() + "-empty").run("queues");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("no queues");
        assertThat(new Cli(redis.url(), redis.prefix() + "-empty").run("queues", "--json").json()).isEmpty();
    }

    @Test
    void workersListsConnectedWorkers() {
        seed();
        try (Worker w = new Worker("emails", job -> null,
                WorkerOptions.builder().name("mailer-1").drainDelay(Duration.ofMillis(100)).build(), qo).start()) {
            await().until(() -> cli.run("workers", "emails").out().contains("mailer-1"));
            Cli.Result all = cli.run("workers");
            assertThat(all.out()).containsPattern("emails\\s+mailer-1");
            JsonNode json = cli.run("workers", "emails", "--json").json();
            assertThat(json.findValuesAsText("name")).contains("mailer-1");
        }
    }
}
