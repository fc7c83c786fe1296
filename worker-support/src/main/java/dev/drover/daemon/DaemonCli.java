package dev.drover.daemon;

import dev.drover.db.DatabaseException;
import java.io.PrintWriter;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs a daemon's picocli command the way every Drover daemon behaves:
 * <ol>
 *   <li>an option marked {@link Env} reads that environment variable when not given as a flag
 *       ({@code --redis-url} ↔ {@code REDIS_URL}; {@link #envName}); every other option reads flags only. Only
 *       deployment settings are so marked, each daemon's README lists them;</li>
 *   <li>{@code --help} lists each option with its variable and its default (the declared one, never a value read
 *       from the environment, so secrets stay out of the help);</li>
 *   <li>{@link Duration} options accept {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO {@code PT30S};</li>
 *   <li>a bad configuration or a {@link StartupException} prints one line {@code <command>: <reason>} to stderr and
 *       exits non-zero (2 bad config, 3 unreachable dependency); an unexpected error prints that line first and its
 *       stack trace after, and exits 1;</li>
 *   <li>logging ({@link CliLogging}): a {@link DaemonCommand} logs at INFO; every other command prints only its
 *       answer (WARN and above) unless given {@code --verbose}.</li>
 * </ol>
 */
public final class DaemonCli {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SECRET = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|_KEY)$");

    private DaemonCli() {
    }

    /** {@code System.exit(DaemonCli.execute(new MyMain(), args))} from a daemon's main. */
    public static int execute(Object command, String... args) {
        return execute(command, CommandLine.defaultFactory(), args);
    }

    /**
     * As {@link #execute(Object, String...)}, with {@code factory} creating the subcommands: the way a test builds a
     * daemon with a test-only part (a crash point, say) without any such part in the production code path.
     */
    public static int execute(Object command, CommandLine.IFactory factory, String... args) {
        CliLogging.quietLibraries();
        return execute(command, factory, System.getenv(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), args);
    }

    /** A picocli factory that makes {@code type} with {@code make} and every other command the default way. */
    public static <T> CommandLine.IFactory factory(Class<T> type, Supplier<? extends T> make) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == type ? cls.cast(make.get()) : CommandLine.defaultFactory().create(cls);
            }
        };
    }

    /** As {@link #execute(Object, String...)} with the environment and streams given (for tests). */
    public static int execute(Object command, Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        return execute(command, CommandLine.defaultFactory(), env, out, err, args);
    }

    private static int execute(Object command, CommandLine.IFactory factory, Map<String, String> env, PrintWriter out,
                               PrintWriter err, String... args) {
        CommandLine cl = commandLine(command, factory, env);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(ex.getCommandLine().getCommandSpec().qualifiedName() + ": " + describe(ex, env, List.of(a)));
            err.println("Run with --help for the options.");
            return StartupException.BAD_CONFIG;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> onError(ex, c.getCommandSpec().qualifiedName(), err));
        cl.setExecutionStrategy(CliLogging.strategy(new CommandLine.RunLast()));
        return cl.execute(args);
    }

    /** The configured {@link CommandLine}: env-backed defaults, help with variables, duration conversion. */
    public static CommandLine commandLine(Object command, Map<String, String> env) {
        return commandLine(command, CommandLine.defaultFactory(), env);
    }

    private static CommandLine commandLine(Object command, CommandLine.IFactory factory, Map<String, String> env) {
        CommandLine cl = new CommandLine(command, factory);
        cl.registerConverter(Duration.class, DaemonCli::parseDuration);
        CliLogging.addVerboseOptions(cl);
        installHelp(cl); // before the provider: with one set, picocli reports env-supplied options as not required
        cl.setDefaultValueProvider(arg -> arg instanceof OptionSpec o && envName(o) != null ? env.get(envName(o)) : null);
        return cl;
    }

    /** The environment variable an option reads (its {@link Env}), or null when it reads flags only. */
    public static String envName(OptionSpec option) {
        Env env = option.userObject() instanceof AnnotatedElement e ? e.getAnnotation(Env.class) : null;
        return env == null ? null : env.value();
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT30S}). */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration (e.g. 500ms, 30s, 5m, 1h)");
        }
    }

    private static void installHelp(CommandLine cl) {
        // picocli drops "required" from an option once the environment supplies it; the help shows the declaration
        Set<String> required = cl.getCommandSpec().options().stream().filter(OptionSpec::required)
                .map(OptionSpec::longestName).collect(Collectors.toSet());
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> OptionTable.render(help.commandSpec(), required));
        cl.getSubcommands().values().forEach(DaemonCli::installHelp);
    }

    private static int onError(Exception ex, String command, PrintWriter err) {
        if (ex instanceof StartupException s) {
            err.println(command + ": " + s.getMessage());
            return s.exitCode();
        }
        if (ex instanceof DatabaseException d) {
            // Database.open's message names user, host, port and database, never the password
            err.println(command + ": " + d.getMessage());
            return StartupException.UNREACHABLE;
        }
        err.println(command + ": unexpected error: " + ex);
        ex.printStackTrace(err);
        return 1;
    }

    /** One line for a parse failure, naming the option and its variable; a secret's value is never shown. */
    static String describe(CommandLine.ParameterException ex, Map<String, String> env, List<String> args) {
        if (ex instanceof CommandLine.MissingParameterException missing) {
            boolean configuration = missing.getMissing().stream().anyMatch(a -> a instanceof OptionSpec o && envName(o) != null);
            return "missing required " + (configuration ? "configuration: " : "option: ")
                    + missing.getMissing().stream().map(DaemonCli::label).collect(Collectors.joining(", "));
        }
        ArgSpec arg = ex.getArgSpec();
        if (arg instanceof OptionSpec o && envName(o) != null) {
            String name = envName(o);
            boolean flagGiven = args.stream().anyMatch(a -> o.names().length > 0
                    && List.of(o.names()).stream().anyMatch(n -> a.equals(n) || a.startsWith(n + "=")));
            boolean fromEnv = env.containsKey(name) && !flagGiven;
            String reason = SECRET.matcher(name).matches() ? "invalid value" : afterColon(ex.getMessage());
            return "invalid " + (fromEnv ? name + " (" + o.longestName() + ")" : o.longestName() + " (" + name + ")")
                    + ": " + reason;
        }
        return ex.getMessage();
    }

    private static String label(ArgSpec arg) {
        if (arg instanceof OptionSpec o) {
            return envName(o) != null ? envName(o) + " (or " + o.longestName() + ")" : o.names()[0];
        }
        return arg.paramLabel();
    }

    private static String afterColon(String message) {
        int i = message.indexOf("': ");
        return i < 0 ? message : message.substring(i + 3);
    }

    /** The option list of {@code --help}: flag, variable, default, description. */
    static final class OptionTable {

        private OptionTable() {
        }

        static String render(CommandSpec spec, Set<String> required) {
            List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
            StringBuilder b = new StringBuilder();
            for (OptionSpec o : options) {
                String flag = String.join(", ", o.names()) + (o.arity().max() > 0 ? "=" + o.paramLabel() : "");
                b.append("  ").append(flag).append('\n');
                b.append("      ").append(String.join(" ", o.description())).append('\n');
                String env = envName(o);
                if (env != null) {
                    b.append("      env ").append(env).append(", ")
                            .append(required.contains(o.longestName()) ? "required" : defaultText(o)).append('\n');
                }
            }
            return b.toString();
        }

        private static String defaultText(OptionSpec o) {
            return o.defaultValue() == null ? "no default" : "default " + o.defaultValue();
        }
    }
}
