package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Help, version, usage errors and unreachable Redis: nothing here needs a server. */
class CliBasicsTest {

    private final Cli cli = new Cli(null, null);

    @Test
    void helpListsEveryCommandAndExitsZero() {
        Cli.Result r = cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("queues", "counts", "jobs", "job", "add", "retry", "promote", "remove", "pause",
                "resume", "drain", "clean", "obliterate", "watch", "workers", "metrics", "schedulers", "db", "--redis",
                "--prefix", "--json");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String cmd : new String[] {"queues", "counts", "jobs", "job", "add", "retry", "promote", "remove",
            "pause", "resume", "drain", "clean", "obliterate", "watch", "workers", "metrics", "schedulers", "db"}) {
            Cli.Result r = cli.run(cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: drover " + cmd);
        }
    }

    @Test
    void versionPrintsDrover() {
        Cli.Result r = cli.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("drover ");
    }

    @Test
    void unknownCommandOrOptionIsUsageError() {
        assertThat(cli.run("frobnicate").code()).isEqualTo(2);
        Cli.Result r = cli.run("counts", "q", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--bogus");
        assertThat(cli.run("jobs").code()).as("missing QUEUE").isEqualTo(2);
        assertThat(cli.run().code()).as("no command").isEqualTo(2);
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(cli.run("add", "q", "n", "--backoff", "linear:5").code()).isEqualTo(2);
        assertThat(cli.run("jobs", "q", "--state", "sleeping").err()).contains("unknown job state");
        assertThat(cli.run("clean", "q", "--state", "failed", "--grace", "soon").code()).isEqualTo(2);
        assertThat(cli.run("clean", "q", "--state", "failed").code()).as("--grace is required").isEqualTo(2);
    }

    @Test
    void unreachableRedisExitsThreeNamingHostAndPortButNotThePassword() {
        Cli.Result r = cli.run("--redis", "redis://admin:s3cr3t-pw@127.0.0.1:1/0", "queues");
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("127.0.0.1:1").doesNotContain("s3cr3t-pw");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void redisUrlComesFromTheEnvironmentWhenNotGiven() {
        Cli.Result r = cli.raw(Map.of("REDIS_URL", "redis://:envpass@127.0.0.1:2"), "counts", "q");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("127.0.0.1:2").doesNotContain("envpass");
    }

    @Test
    void malformedRedisUrlIsUsageErrorWithoutThePassword() {
        Cli.Result r = cli.run("--redis", "http://u:pw-in-url@host:1", "queues");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("redis://").doesNotContain("pw-in-url");
        Cli.Result bad = cli.run("--redis", "redis://u:p w@ho st:1", "queues");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).doesNotContain("p w");
    }
}
