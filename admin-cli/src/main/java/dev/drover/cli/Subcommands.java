package dev.drover.cli;

import dev.drover.cli.commands.AddCommand;
import dev.drover.cli.commands.CleanCommand;
import dev.drover.cli.commands.CountsCommand;
import dev.drover.cli.commands.DashboardCommand;
import dev.drover.cli.commands.DrainCommand;
import dev.drover.cli.commands.JobCommand;
import dev.drover.cli.commands.JobsCommand;
import dev.drover.cli.commands.MetricsCommand;
import dev.drover.cli.commands.ObliterateCommand;
import dev.drover.cli.commands.PauseCommand;
import dev.drover.cli.commands.PromoteCommand;
import dev.drover.cli.commands.QueuesCommand;
import dev.drover.cli.commands.RemoveCommand;
import dev.drover.cli.commands.ResumeCommand;
import dev.drover.cli.commands.RetryCommand;
import dev.drover.cli.commands.SchedulersCommand;
import dev.drover.cli.commands.WatchCommand;
import dev.drover.cli.commands.WorkersCommand;
import dev.drover.cli.db.DbCommand;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * The {@code drover} subcommands, in the order the usage lists them, and which one a command line addresses.
 *
 * <p>Picocli builds a command's model by reflection on every class in its tree, which is most of a one-shot
 * command's start-up (about 190 ms of 400 on a 2-core machine), so {@link DroverCli#execute} builds the tree of
 * the addressed subcommand only. {@link #addressed} answers only when the answer is certain: the first argument
 * that is not a global option (or its value) names a subcommand. Anything else (no subcommand, {@code --help},
 * an unknown option or command, an option's value that names a command) gets the whole tree, so usage, errors and
 * suggestions are picocli's own.
 */
final class Subcommands {

    static final List<Class<?>> ALL = List.of(QueuesCommand.class, CountsCommand.class, JobsCommand.class,
            JobCommand.class, AddCommand.class, RetryCommand.class, PromoteCommand.class, RemoveCommand.class,
            PauseCommand.class, ResumeCommand.class, DrainCommand.class, CleanCommand.class, ObliterateCommand.class,
            WatchCommand.class, WorkersCommand.class, MetricsCommand.class, SchedulersCommand.class,
            DbCommand.class, DashboardCommand.class);

    /** {@link DroverCli}'s options that take a value, as separate arguments ({@code --redis URL}). */
    private static final Set<String> GLOBAL_WITH_VALUE = Set.of("--redis", "--redis-tls-ca", "--prefix");
    private static final Set<String> GLOBAL_FLAGS = Set.of("--json");

    private Subcommands() {
    }

    /** The subcommand {@code args} run, when that is certain without parsing them. */
    static Optional<Class<?>> addressed(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (GLOBAL_WITH_VALUE.contains(a)) {
                i++;
                if (i < args.length && named(args[i]).isPresent()) {
                    return Optional.empty(); // picocli refuses a value that names a command: let it say so
                }
            } else if (!GLOBAL_FLAGS.contains(a) && !isGlobalWithInlineValue(a)) {
                return a.startsWith("-") ? Optional.empty() : named(a);
            }
        }
        return Optional.empty();
    }

    private static boolean isGlobalWithInlineValue(String arg) {
        int eq = arg.indexOf('=');
        return eq > 0 && GLOBAL_WITH_VALUE.contains(arg.substring(0, eq)) && named(arg.substring(eq + 1)).isEmpty();
    }

    private static Optional<Class<?>> named(String name) {
        for (Class<?> c : ALL) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(name) || List.of(command.aliases()).contains(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
