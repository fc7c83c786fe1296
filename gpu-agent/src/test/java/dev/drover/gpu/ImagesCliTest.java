package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.gemini.GeminiSimulator;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpu-agent images submit|status} and {@code run} as their own JVMs, configured through the environment as in
 * production: a batch goes from the CLI through the queue to the daemon and back; the Gemini key never shows.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class ImagesCliTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY = "s3cr3t-gemini-key";

    private final Map<String, String> env;
    private final FakeNvidiaSmi smi = FakeNvidiaSmi.install();
    private final GeminiSimulator gemini = GeminiSimulator.start(KEY);
    private final String email;
    private Process agent;
    @TempDir
    Path dir;

    ImagesCliTest(TestRedis redis, TestDatabase db) {
        var dsl = GpuRows.dsl(db);
        this.email = dsl.select(dev.drover.db.generated.gpu.Tables.USERS.EMAIL).from(dev.drover.db.generated.gpu.Tables.USERS)
                .where(dev.drover.db.generated.gpu.Tables.USERS.ID.eq(GpuRows.user(dsl, "10"))).fetchOne(0, String.class);
        this.env = new HashMap<>(Map.of("REDIS_URL", redis.url(), "DATABASE_URL", db.url(), "QUEUE_PREFIX",
                redis.prefix(), "NVIDIA_SMI", smi.path().toString(), "PROVIDER_NAME", "cli-agent",
                "GEMINI_BASE_URL", gemini.baseUrl(), "GEMINI_API_KEY", KEY, "HEARTBEAT_INTERVAL", "300ms",
                "HEARTBEAT_TTL", "2s"));
    }

    @AfterEach
    void close() {
        if (agent != null) {
            agent.destroyForcibly();
        }
        gemini.close();
        smi.close();
    }

    private ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GpuAgentMain.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("REDIS_URL");
        pb.environment().remove("DATABASE_URL");
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs a one-shot command; stdout and stderr are kept apart (stdout carries the id). */
    private String[] tool(String... args) throws IOException, InterruptedException {
        Process p = builder(args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()), out, err};
    }

    @Test
    void aBatchSubmittedWithTheCliIsGeneratedByTheDaemonAndItsStatusShowsTheResult() throws Exception {
        Path log = dir.resolve("agent.log");
        env.put("STORAGE_DIR", dir.resolve("storage").toString());
        env.put("JOBS_DIR", dir.resolve("jobs").toString());
        env.put("HTTP_PORT", String.valueOf(FreePort.pick()));
        agent = builder("run").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        gemini.failWhenPromptContains("variation 2 of 3", 400, Integer.MAX_VALUE);

        String[] submit = tool("images", "submit", "--user", email, "--prompt", "a red bicycle", "--count", "3",
                "--credits-per-image", "2");
        assertThat(submit[0]).as(submit[2]).isEqualTo("0");
        String id = submit[1].trim();
        assertThat(submit[2]).contains("debited 6");

        await().atMost(WAIT).until(() -> tool("images", "status", id)[1].contains("status: completed"));
        String status = tool("images", "status", id)[1];
        assertThat(status).contains("images: 3", "stored: 2", "completed: 2", "failed: 1", "queue: completed (batch-" + id + ")");
        assertThat(dir.resolve("storage/batches/" + id + "/0.png")).exists();
        assertThat(Files.readString(log)).contains("taking generate-images jobs").doesNotContain(KEY);
    }

    @Test
    void helpNamesTheGeminiOptionsWithTheirDefaultsButNeverTheKey() throws Exception {
        String[] help = tool("run", "--help");

        assertThat(help[1]).contains("--gemini-api-key", "GEMINI_API_KEY", "--gemini-model-name",
                "gemini-2.5-flash-image", "--gemini-base-url", "--storage-dir", "STORAGE_DIR").doesNotContain(KEY);
        assertThat(tool("images", "submit", "--user", "nobody@example.test", "--prompt", "x")[2])
                .contains("no user with e-mail nobody@example.test");
    }
}
