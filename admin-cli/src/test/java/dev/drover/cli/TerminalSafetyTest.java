package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.cli.output.TerminalText;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine.Help.Ansi;

/**
 * Whoever adds a job chooses its id, name, data and logs, and what its handler throws becomes its failed reason and
 * stacktrace: none of it may drive the operator's terminal (issue 14, item 6). The payload holds each kind of
 * control a terminal acts on; every way {@code drover jobs}, {@code drover job} and {@code drover watch} print it,
 * on a colour terminal and not, as tables and as JSON, must show it as visible escapes (multi-line blocks such as
 * a stacktrace keep their newlines and tabs).
 */
@ExtendWith(RedisExtension.class)
class TerminalSafetyTest {

    /** Window title (OSC ... BEL), clear screen, cursor up, CR, BEL, a C1 CSI, right-to-left override and isolate. */
    private static final String PAYLOAD = "a\u001b]0;owned\u0007b\u001b[2J\u001b[1Ac\rd\u0007e\u009b31mf\u202eg\u2066h";
    private static final String SHOWN = "a\\u001B]0;owned\\u0007b\\u001B[2J\\u001B[1Ac\\rd\\u0007e\\u009B31mf\\u202Eg\\u2066h";
    // the only escape sequences the CLI itself writes: SGR colours, on a colour terminal
    private static final String OWN_STYLES = "\u001b\\[[0-9;]*m";

    private final TestRedis redis;
    private final QueueOptions qo;

    TerminalSafetyTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
    }

    @Test
    void jobsAndJobShowEveryControlAJobCarriesAsAVisibleEscapeOnATerminalAndOff() {
        String id = "id-" + PAYLOAD;
        try (Queue q = new Queue("hostile", qo)) {
            q.add("name-" + PAYLOAD, Map.of("note", "data-" + PAYLOAD),
                    JobOptions.builder().jobId(id).attempts(1).build());
            try (Worker w = new Worker("hostile", job -> {
                job.log("log-" + PAYLOAD);
                throw new IllegalStateException("reason-" + PAYLOAD);
            }, WorkerOptions.builder().drainDelay(Duration.ofMillis(100)).build(), qo).start()) {
                await().until(() -> q.getJobCounts().get(JobState.FAILED) == 1);
            }
        }
        for (boolean terminal : List.of(true, false)) {
            String jobs = run(terminal, "jobs", "hostile");
            assertSafe(jobs);
            assertThat(jobs).contains("id-" + SHOWN, "name-" + SHOWN, "reason-a\\u001B]0;owned");

            String job = run(terminal, "job", "hostile", id);
            assertSafe(job);
            assertThat(job).contains("id-" + SHOWN, "name-" + SHOWN, "data-" + SHOWN, "reason-" + SHOWN,
                    "log-" + SHOWN);

            for (String json : List.of(run(terminal, "job", "hostile", id, "--json"),
                    run(terminal, "jobs", "hostile", "--json"))) {
                assertSafe(json);
                JsonNode node = parse(json);
                JsonNode one = node.isArray() ? node.get(0) : node;
                // escaped for the terminal, the same text for a program reading the JSON
                assertThat(one.path("name").asText()).isEqualTo("name-" + PAYLOAD);
                assertThat(one.path("data").path("note").asText()).isEqualTo("data-" + PAYLOAD);
                assertThat(one.path("failedReason").asText()).isEqualTo("reason-" + PAYLOAD);
            }
        }
    }

    @Test
    void watchShowsTheIdAndNameOfAnAddedJobEscaped() throws Exception {
        try (Queue q = new Queue("events", qo)) {
            q.add("warmup", Map.of(), JobOptions.builder().delay(Duration.ofHours(1)).build()); // the queue exists
            Cli.Running watch = new Cli(redis.url(), redis.prefix()).start("watch", "events", "--max-events", "1");
            await().until(() -> watch.outSoFar().contains("watching queue"));
            q.add("name-" + PAYLOAD, Map.of(), JobOptions.builder().jobId("id-" + PAYLOAD).build());
            Cli.Result r = watch.await(Duration.ofSeconds(30));
            assertSafe(r.out());
            assertThat(r.out()).contains("job id-" + SHOWN, "name=name-" + SHOWN);
        }
    }

    @Test
    void escapingLeavesOrdinaryTextAloneAndKeepsLinesWhereAsked() {
        String text = "Grüße, 東京, émoji 🚀, tab\tand \\ backslash";
        assertThat(TerminalText.escapeKeepingLines(text)).isEqualTo(text);
        assertThat(TerminalText.escape("two\nlines\tx")).isEqualTo("two\\nlines\\tx");
        assertThat(TerminalText.escapeKeepingLines("two\nlines\r")).isEqualTo("two\nlines\\r");
        assertThat(TerminalText.escape(null)).isNull();
    }

    private String run(boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        System.arraycopy(new String[] {"--redis", redis.url(), "--prefix", redis.prefix()}, 0, all, 0, 4);
        System.arraycopy(args, 0, all, 4, args.length);
        CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader("")), terminal, Map.of(), terminal ? Ansi.ON : Ansi.OFF,
                InstantSource.system());
        int code = DroverCli.execute(ctx, all);
        assertThat(code).as(String.join(" ", args) + "\n" + out + err).isZero();
        if (terminal && !List.of(args).contains("--json")) {
            assertThat(out.toString()).as("styled on a terminal").containsPattern(OWN_STYLES);
        }
        return out + err.toString();
    }

    private static void assertSafe(String output) {
        String withoutOwnStyles = output.replaceAll(OWN_STYLES, "");
        for (int i = 0; i < withoutOwnStyles.length(); i++) {
            char c = withoutOwnStyles.charAt(i);
            assertThat(c != '\n' && c != '\t' && TerminalText.unsafe(c))
                    .as("raw U+%04X at %d in:%n%s", (int) c, i, output).isFalse();
        }
    }

    private static JsonNode parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
