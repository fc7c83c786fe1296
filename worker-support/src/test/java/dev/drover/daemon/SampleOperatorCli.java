package dev.drover.daemon;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A jar's command tree as the daemons write theirs: the daemon ({@code run}) beside an operator command
 * ({@code add}) whose per-call options have names as common as the shell's variables ({@code --name}, {@code --tz},
 * {@code --full}, {@code --every}, {@code --cron}, {@code --user}). {@code add} prints what it received.
 */
@Command(name = "sample", subcommands = {SampleDaemonMain.class, SampleOperatorCli.Add.class})
class SampleOperatorCli {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Prints its options.")
    static final class Add implements Callable<Integer> {

        @Mixin
        DaemonOptions connection;

        @Option(names = "--name") String name;
        @Option(names = "--tz", defaultValue = "UTC") String tz;
        @Option(names = "--full") boolean full;
        @Option(names = "--every") String every;
        @Option(names = "--cron") String cron;
        @Option(names = "--user", defaultValue = "nobody") String user;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().printf("name=%s tz=%s full=%s every=%s cron=%s user=%s redis=%s%n", name, tz,
                    full, every, cron, user, connection.redis().host());
            return 0;
        }
    }
}
