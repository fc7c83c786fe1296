package dev.drover.sync.app;

import dev.drover.daemon.DaemonCli;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the sync-worker jar: {@code run} starts the daemon ({@link RunCommand}), {@code segments ...} operates
 * on segments ({@link SegmentsCommand}). Deployment settings read their documented variables ({@link DaemonCli});
 * bad configuration prints one line and exits non-zero.
 */
@Command(name = "sync-worker", mixinStandardHelpOptions = true,
        description = "Syncs SprintHub CRM leads per segment into Postgres on a schedule, through the lead-sync queue.",
        subcommands = {RunCommand.class, SegmentsCommand.class})
public final class LeadSyncMain implements Callable<Integer> {

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    public LeadSyncMain(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        System.exit(DaemonCli.execute(new LeadSyncMain(System.getenv()), args));
    }

    /** Runs the CLI with an explicit environment and streams (for tests and embedding); returns the exit code. */
    public static int execute(Map<String, String> env, java.io.PrintWriter out, java.io.PrintWriter err,
                              String... args) {
        return DaemonCli.execute(new LeadSyncMain(env), env, out, err, args);
    }

    /** The environment the command was started with (the daemon reads optional tuning variables from it). */
    Map<String, String> env() {
        return env;
    }

    /** Without a subcommand: the usage on stderr and exit code 2, like any other usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
