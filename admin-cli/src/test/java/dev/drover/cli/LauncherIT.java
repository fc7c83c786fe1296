package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.testing.EmptyDatabase;
import dev.drover.testing.FreePort;
import dev.drover.testing.postgres.JarMigrations;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the real {@code ./drover} launcher as a process. The build runs this after {@code package} (see the pom), so
 * the jar is the one this reactor built; run alone without a jar, the jar tests are skipped.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class LauncherIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path JAR = ROOT.resolve("admin-cli/target/drover.jar");

    private record Proc(int code, String out, String err) {
    }

    @Test
    void addsAndCountsThroughTheLauncher(TestRedis redis) throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": run `./mvnw -pl admin-cli -am verify`");
        Proc added = run(Map.of("REDIS_URL", redis.url()), "--prefix", redis.prefix(), "add", "q", "hello",
                "--data", "{\"n\":1}");
        assertThat(added.code()).as(added.toString()).isZero();
        assertThat(added.out().trim()).isEqualTo("1");
        Proc counts = run(Map.of(), "--redis", redis.url(), "--prefix", redis.prefix(), "counts", "q", "--json");
        assertThat(counts.code()).as(counts.toString()).isZero();
        assertThat(new ObjectMapper().readTree(counts.out()).path("waiting").asLong()).isEqualTo(1);
        Proc version = run(Map.of(), "--version");
        assertThat(version.out()).startsWith("drover 0.1.0");
    }

    @Test
    void exitCodesSurviveTheLauncher(TestRedis redis) throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": run `./mvnw -pl admin-cli -am verify`");
        Proc down = run(Map.of(), "--redis", "redis://:hunter2@127.0.0.1:1", "queues");
        assertThat(down.code()).isEqualTo(3);
        assertThat(down.err()).contains("127.0.0.1:1").doesNotContain("hunter2");
        assertThat(run(Map.of(), "--redis", redis.url(), "--prefix", redis.prefix(), "job", "q", "7").code())
                .isEqualTo(1);
        assertThat(run(Map.of(), "nonsense").code()).isEqualTo(2);
    }

    @Test
    void dbCommandsPrintOnlyTheirAnswer(@EmptyDatabase TestDatabase db) throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": run `./mvnw -pl admin-cli -am verify`");
        Proc migrate = run(Map.of("DATABASE_URL", db.url()), "db", "migrate");
        assertThat(migrate.code()).as(migrate.toString()).isZero();
        assertThat(migrate.out().lines()).hasSize(JarMigrations.versions().size() + 1).allMatch(l -> l.startsWith("applied V") || l.startsWith("the schema"));
        assertThat(migrate.err()).isEmpty();
        Proc info = run(Map.of("DATABASE_URL", db.url()), "db", "info", "--json");
        assertThat(new ObjectMapper().readTree(info.out()).path("status").asText()).isEqualTo("current");
        int closed = FreePort.pick();
        Proc down = run(Map.of("DATABASE_URL", "postgres://drover:hunter2@127.0.0.1:" + closed + "/drover"), "db", "check");
        assertThat(down.code()).isEqualTo(3);
        assertThat(down.err()).contains("127.0.0.1:" + closed).doesNotContain("hunter2");
    }

    @Test
    void missingJarTellsHowToBuildIt() throws Exception {
        Proc p = run(Map.of("DROVER_JAR", "/nonexistent/drover.jar"), "queues");
        assertThat(p.code()).isEqualTo(1);
        assertThat(p.err()).contains("./mvnw -pl admin-cli -am package -DskipTests");
    }

    private static Proc run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("drover").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().remove("REDIS_URL");
        pb.environment().remove("DATABASE_URL");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Path err = Files.createTempFile("drover-err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("drover finished").isTrue();
        String errText = Files.readString(err);
        Files.deleteIfExists(err);
        return new Proc(p.exitValue(), out, errText);
    }
}
