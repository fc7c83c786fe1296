package dev.drover.daemon;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The logging of a daemon jar's process, set through slf4j-simple's system properties before the first logger
 * exists (slf4j-simple reads them once):
 * <ul>
 *   <li>jOOQ's logo and "tip of the day" are off everywhere;</li>
 *   <li>jOOQ's dialect-version notice is off: jOOQ's open-source edition names only the newest Postgres as supported,
 *       while Drover's SQL is tested on every version the README lists (15 to 17);</li>
 *   <li>a daemon logs at INFO; an operator command at WARN (its answer is its output), or INFO with
 *       {@code --verbose}.</li>
 * </ul>
 * A property the user set ({@code -Dorg.slf4j.simpleLogger.defaultLogLevel=debug}) is left as it is.
 */
final class CliLogging {

    /** The option every operator command gets. */
    static final String VERBOSE = "--verbose";

    static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String JOOQ_VERSION_NOTICE =
            "org.slf4j.simpleLogger.log.org.jooq.impl.DefaultExecuteContext.logVersionSupport";

    private CliLogging() {
    }

    /** Quiets the libraries; call first thing in main. */
    static void quietLibraries() {
        setIfAbsent("org.jooq.no-logo", "true");
        setIfAbsent("org.jooq.no-tips", "true");
        setIfAbsent(JOOQ_VERSION_NOTICE, "error");
    }

    /** Sets the level for the command about to run; must run before any logger is created. */
    static void forCommand(boolean daemon, boolean verbose) {
        setIfAbsent(DEFAULT_LEVEL, daemon || verbose ? "info" : "warn");
    }

    /** Adds {@value #VERBOSE} to every leaf command that is not a {@link DaemonCommand}. */
    static void addVerboseOptions(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (cl.getSubcommands().isEmpty() && !(spec.userObject() instanceof DaemonCommand)
                && spec.findOption(VERBOSE) == null) {
            spec.addOption(OptionSpec.builder(VERBOSE).arity("0").type(boolean.class)
                    .description("Also log progress (INFO); by default only warnings and errors.").build());
        }
        cl.getSubcommands().values().forEach(CliLogging::addVerboseOptions);
    }

    /** Sets the log level of the command a parse selected, then runs it with {@code delegate}. */
    static IExecutionStrategy strategy(IExecutionStrategy delegate) {
        return parsed -> {
            ParseResult leaf = parsed;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            forCommand(leaf.commandSpec().userObject() instanceof DaemonCommand, leaf.hasMatchedOption(VERBOSE));
            return delegate.execute(parsed);
        };
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
