package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.daemon.DaemonCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every subcommand's {@code --help} lists exactly its own options, and it refuses the others. */
class GpuAgentHelpTest {

    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");
    /** Operator commands (all but {@code run}) also take {@code --verbose}. */
    private static final Set<String> DATABASE = Set.of("--database-url", "--verbose");
    private static final Set<String> CLIENT = Set.of("--redis-url", "--redis-tls-ca", "--database-url", "--queue-prefix",
            "--verbose");
    private static final Set<String> DAEMON = Set.of("--redis-url", "--redis-tls-ca", "--database-url", "--queue-prefix",
            "--http-port",
            "--shutdown-timeout", "--db-pool-size", "--migrate-on-start");
    private static final Set<String> ISOLATION = Set.of("--run-as", "--jobs-dir", "--job-env-passthrough",
            "--allow-insecure-fetch", "--allow-fetch-from");
    private static final Set<String> LIMITS = Set.of("--time-limit", "--max-price", "--param", "--env");
    /** An option table line: {@code "  -h, --help"} or {@code "  --redis-url=<url>"}. */
    private static final Pattern OPTION_LINE = Pattern.compile("^  (-[^=\\s,]+(?:, -[^=\\s,]+)*)");

    private static final String ID = "00000000-0000-0000-0000-000000000001";
    /** Unreachable servers: a command that accepted a foreign option would run and fail to connect (exit 3). */
    private static final Map<String, String> ENV = Map.of("REDIS_URL", "redis://127.0.0.1:1",
            "DATABASE_URL", "postgres://u:p@127.0.0.1:1/db");

    /** Each command, arguments that make a complete call of it, and its own options. */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("run", "", union(DAEMON, ISOLATION, Set.of("--provider-name", "--price-per-hour", "--nvidia-smi",
                        "--concurrency", "--heartbeat-interval", "--heartbeat-ttl", "--relay-age", "--metrics-interval",
                        "--cancel-poll", "--lock-duration", "--stalled-interval", "--kill-grace", "--gemini-base-url",
                        "--gemini-api-key", "--gemini-model-name", "--storage-dir", "--image-concurrency"))),
                Arguments.of("submit", "--user u --type training --gpu-model m -- true", union(CLIENT, LIMITS, Set.of("--user", "--type", "--gpu-model", "--gpu-count",
                        "--working-dir"))),
                Arguments.of("cancel", ID, CLIENT),
                Arguments.of("status", ID, CLIENT),
                Arguments.of("images submit", "--user u --prompt p", union(CLIENT, Set.of("--user", "--prompt", "--count", "--aspect-ratio",
                        "--reference", "--model-id", "--credits-per-image"))),
                Arguments.of("images status", "1", CLIENT),
                Arguments.of("train submit", "--user u --name n --gpu-model m -- true",
                        union(CLIENT, LIMITS, Set.of("--user", "--name", "--gpu-model", "--image"))),
                Arguments.of("train status", "1", DATABASE),
                Arguments.of("users add", "a@b.c", DATABASE),
                Arguments.of("users deposit", "a@b.c 1 --reference r", union(DATABASE, Set.of("--reference"))),
                Arguments.of("users show", "a@b.c", union(DATABASE, Set.of("--limit"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpListsOnlyTheCommandsOwnOptions(String command, String validArgs, Set<String> own) {
        Run help = run(command + " --help");

        assertThat(help.code).isZero();
        assertThat(options(help.out)).as(help.out).isEqualTo(union(own, HELP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void rejectsAnOptionOfAnotherCommand(String command, String validArgs, Set<String> own) {
        String foreign = own.contains("--http-port") ? "--prompt=x" : "--http-port=9000";

        Run r = run(command + " " + foreign + " " + validArgs);

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("Unknown option: '" + foreign + "'");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DaemonCli.execute(new GpuAgentMain(), ENV, new PrintWriter(out, true), new PrintWriter(err, true),
                args.strip().split(" "));
        return new Run(code, out.toString(), err.toString());
    }

    private static Set<String> options(String help) {
        return help.lines().map(OPTION_LINE::matcher).filter(Matcher::find)
                .flatMap(m -> Arrays.stream(m.group(1).split(", "))).collect(Collectors.toSet());
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        return Arrays.stream(sets).flatMap(Set::stream).collect(Collectors.toSet());
    }
}
