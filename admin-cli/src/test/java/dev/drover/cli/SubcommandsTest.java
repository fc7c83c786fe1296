package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.cli.commands.CountsCommand;
import dev.drover.cli.commands.JobsCommand;
import dev.drover.cli.db.DbCommand;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** {@link DroverCli#execute} builds only the addressed subcommand's tree; nothing a user sees may change. */
class SubcommandsTest {

    @Test
    void findsTheSubcommandAfterTheGlobalOptionsAndTheirValues() {
        assertThat(Subcommands.addressed("counts", "q")).contains(CountsCommand.class);
        assertThat(Subcommands.addressed("--redis", "redis://h", "--prefix", "p", "counts", "q"))
                .contains(CountsCommand.class);
        assertThat(Subcommands.addressed("--redis=redis://h", "--redis-tls-ca=ca.pem", "counts"))
                .contains(CountsCommand.class);
        assertThat(Subcommands.addressed("--prefix", "p", "jobs", "q")).contains(JobsCommand.class);
        assertThat(Subcommands.addressed("--json", "db", "info")).contains(DbCommand.class);
    }

    @Test
    void answersNothingWhenUnsure() {
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("-V"), List.of("frobnicate"),
                List.of("--bogus", "counts"), List.of("--redis"), List.of("--", "counts"),
                List.of("--prefix", "counts", "jobs", "q"), List.of("--prefix=counts", "jobs", "q"))) {
            assertThat(Subcommands.addressed(args.toArray(String[]::new))).as(args.toString()).isEmpty();
        }
    }

    @Test
    void theAddressedSubcommandAloneAnswersAsTheWholeTreeDoes() {
        for (List<String> args : List.of(List.of("counts", "--help"), List.of("counts", "q", "--bogus"),
                List.of("jobs"), List.of("--prefix=p", "jobs"), List.of("--json", "counts"),
                List.of("db", "--help"), List.of("db", "migrate", "--help"), List.of("db", "info", "--redis", "x"),
                List.of("add", "q", "n", "--backoff", "linear:5"), List.of("clean", "q", "--state", "failed"),
                List.of("--redis", "not a url", "counts", "q"), List.of("counts", "q", "extra"))) {
            String[] argv = args.toArray(String[]::new);
            assertThat(Subcommands.addressed(argv)).as(args.toString()).isPresent();
            assertThat(run(true, argv)).as(args.toString()).isEqualTo(run(false, argv));
        }
    }

    private static String run(boolean lazy, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader("")), false, Map.of(), Ansi.OFF, InstantSource.system());
        int code = lazy ? DroverCli.execute(ctx, args) : DroverCli.commandLine(ctx).execute(args);
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
