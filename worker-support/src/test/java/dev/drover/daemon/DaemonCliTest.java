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
    void durationsAcceptShortAndIsoForms() {
        assertThat(DaemonCli.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DaemonCli.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DaemonCli.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DaemonCli.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> DaemonCli.parseDuration("soon")).hasMessageContaining("'soon' is not a duration");
    }
}
