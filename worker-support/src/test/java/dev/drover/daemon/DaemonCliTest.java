package dev.drover.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration from env and flags, its one-line errors, and the help, without starting anything. */
class DaemonCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        return DaemonCli.execute(new SampleDaemonMain(), env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aMissingRequiredVariableIsNamedInOneLine() {
        int code = run(Map.of("DATABASE_URL", "postgres://u:p@localhost:1/db"));

        assertThat(code).isEqualTo(StartupException.BAD_CONFIG);
        assertThat(err.toString().lines().findFirst().orElseThrow())
                .isEqualTo("sample-daemon: missing required configuration: REDIS_URL (or --redis-url)");
    }

    @Test
    void anUnparsableVariableIsNamedWithTheReason() {
        int code = run(Map.of("REDIS_URL", "redis://localhost:1", "DATABASE_URL", "postgres://localhost:1/db",
                "HTTP_PORT", "eighty"));

        assertThat(code).isEqualTo(StartupException.BAD_CONFIG);
        assertThat(err.toString()).startsWith("sample-daemon: invalid HTTP_PORT (--http-port): 'eighty' is not an int");
    }

    @Test
    void aFlagWinsOverTheVariableAndIsNamedAsAFlag() {
        int code = run(Map.of("REDIS_URL", "redis://localhost:1", "DATABASE_URL", "postgres://localhost:1/db"),
                "--shutdown-timeout=soon");

        assertThat(code).isEqualTo(StartupException.BAD_CONFIG);
        assertThat(err.toString()).startsWith("sample-daemon: invalid --shutdown-timeout (SHUTDOWN_TIMEOUT): 'soon' is not a duration");
    }

    @Test
    void aMalformedUrlIsReportedWithoutItsPassword() {
        int code = run(Map.of("REDIS_URL", "redis://:s3cret pass@local host:1", "DATABASE_URL", "postgres://localhost:1/db"));

        assertThat(code).isEqualTo(StartupException.BAD_CONFIG);
        assertThat(err.toString()).startsWith("sample-daemon: REDIS_URL (--redis-url) is not a valid Redis URL")
                .doesNotContain("s3cret").hasLineCount(1);
    }

    @Test
    void anUnreachableRedisIsNamedByHostAndPortNeverPassword() {
        int port = dev.drover.testing.FreePort.pick();
        int code = run(Map.of("REDIS_URL", "redis://:hunter2@127.0.0.1:" + port, "DATABASE_URL", "postgres://localhost:1/db"));

        assertThat(code).isEqualTo(StartupException.UNREACHABLE);
        assertThat(err.toString()).startsWith("sample-daemon: cannot reach Redis at 127.0.0.1:" + port + ": ")
                .doesNotContain("hunter2").hasLineCount(1);
    }

    @Test
    void helpListsEveryOptionWithItsVariableAndDeclaredDefaultButNoEnvValue() {
        int code = run(Map.of("API_KEY", "top-secret", "REDIS_URL", "redis://:pw@h:1"), "--help");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("--redis-url=<url>", "env REDIS_URL, required")
                .contains("--http-port=<port>", "env HTTP_PORT, default 8080")
                .contains("--shutdown-timeout=<duration>", "env SHUTDOWN_TIMEOUT, default 30s")
                .contains("--queue-prefix=<prefix>", "env QUEUE_PREFIX, default bull")
                .contains("--api-key", "env API_KEY, no default")
                .doesNotContain("top-secret").doesNotContain(":pw@");
    }

    @Test
    void operatorArgumentsNeverComeFromTheEnvironmentButDeploymentSettingsDo() {
        Map<String, String> shell = Map.of("NAME", "my-laptop", "TZ", ":/etc/localtime", "FULL", "true", "EVERY", "1h",
                "CRON", "0 6 * * *", "USER", "root", "REDIS_URL", "redis://redis.internal:6380",
                "DATABASE_URL", "postgres://u@localhost:1/db");

        int code = DaemonCli.execute(new SampleOperatorCli(), shell, new PrintWriter(out, true),
                new PrintWriter(err, true), "add");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().strip())
                .isEqualTo("name=null tz=UTC full=false every=null cron=null user=nobody redis=redis.internal");
    }

    @Test
    void helpNamesExactlyTheVariablesTheOptionsRead() {
        var cl = DaemonCli.commandLine(new SampleOperatorCli(), Map.of());
        for (var command : cl.getSubcommands().values()) {
            String help = command.getUsageMessage();
            for (var option : command.getCommandSpec().options()) {
                String env = DaemonCli.envName(option);
                if (env != null) {
                    assertThat(help).as(option.longestName()).contains("env " + env + ",");
                }
            }
            long declared = command.getCommandSpec().options().stream().filter(o -> DaemonCli.envName(o) != null).count();
            assertThat(help.lines().filter(l -> l.strip().startsWith("env ")).count()).as(help).isEqualTo(declared);
        }
        assertThat(cl.getSubcommands().get("add").getUsageMessage())
                .contains("env REDIS_URL, required", "env DATABASE_URL, required")
                .doesNotContain("env NAME").doesNotContain("env TZ").doesNotContain("env USER");
    }

    @Test
    void operatorCommandsTakeVerboseAndTheDaemonDoesNot() {
        var cl = DaemonCli.commandLine(new SampleOperatorCli(), Map.of());

        assertThat(cl.getSubcommands().get("add").getCommandSpec().findOption("--verbose")).isNotNull();
        assertThat(cl.getSubcommands().get("sample-daemon").getCommandSpec().findOption("--verbose")).isNull();
    }

    @Test
    void malformedUrlsAreReportedWithoutAnyPartOfThem() {
        for (String url : new String[] {"postgres://drover:s3cr%t pw@db host:5432/drover", "postgres://drover:s3cr@t@/x",
                "mysql://drover:s3cret@db:5432/drover", "jdbc:postgresql://db:5432/drover?user=u&password=s3cret&x=%zz",
                }) {
            assertThatThrownBy(() -> ConnectionUrls.database(url, Map.of())).as(url)
                    .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                    .hasMessageStartingWith("DATABASE_URL (--database-url) is not a valid Postgres URL: ")
                    .hasMessageNotContaining("s3cr").hasMessageNotContaining("drover");
        }
        for (String url : new String[] {"redis://:s3cr%t pw@redis host:6379", "http://:s3cret@redis:6379",
                "redis://:s3cret@redis:6379/db-s3cret"}) {
            assertThatThrownBy(() -> ConnectionUrls.redis(url)).as(url)
                    .hasMessageStartingWith("REDIS_URL (--redis-url) is not a valid Redis URL: ")
                    .hasMessageNotContaining("s3cr");
        }
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(DaemonCli.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DaemonCli.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DaemonCli.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DaemonCli.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> DaemonCli.parseDuration("soon")).hasMessageContaining("'soon' is not a duration");
    }
}
