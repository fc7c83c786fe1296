package dev.drover.cli;

import dev.drover.cli.db.DbCommand;
import dev.drover.cli.output.Output;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.RedisConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code drover}: the admin CLI over {@link QueueAdmin}, and {@code drover db} over Drover's Postgres schema. Holds
 * the global options (usable before or after the subcommand) and builds the picocli command line with Drover's exit
 * codes: 0 ok, 1 not found or refused, 2 usage error, 3 Redis or Postgres unreachable.
 */
@Command(name = "drover", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Inspect and repair BullMQ-compatible queues (made by Drover or by Node bullmq).",
            "Set up, migrate, check and roll back Drover's Postgres database: drover db --help.",
            "Serve the web dashboard: drover dashboard --help."},
        footer = {"", "Exit codes: 0 ok, 1 not found or refused, 2 usage error, 3 cannot connect to Redis "
            + "(drover db and drover dashboard: or to Postgres)."})
public final class DroverCli implements Callable<Integer> {

    /** Used when neither {@code --redis} nor {@code $REDIS_URL} is given. */
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

    @Option(names = "--redis", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Redis URL: redis://[user:password@]host[:port][/db], "
                    + "redis-sentinel://[user:password@]host:port,.../mastername[?db=N] or "
                    + "redis-cluster://[user:password@]host:port,...; rediss... for TLS "
                    + "(default: $REDIS_URL, else " + DEFAULT_REDIS_URL + ").")
    String redisUrl;

    @Option(names = "--redis-tls-ca", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "PEM file of the CA(s) to trust for TLS instead of the JVM's trust store "
                    + "(default: $REDIS_TLS_CA).")
    String redisTlsCa;

    @Option(names = "--prefix", paramLabel = "P", scope = ScopeType.INHERIT,
            description = "Key prefix of the queues (default: ${DEFAULT-VALUE}).", defaultValue = QueueOptions.DEFAULT_PREFIX)
    String prefix;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Machine-readable JSON output.")
    boolean json;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    private final CliContext ctx;
    private RedisConfig redis;

    public DroverCli(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the CLI in this process and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(CliContext.system(), args));
    }

    /** Runs one command line against {@code ctx}; returns the exit code (nothing calls System.exit). */
    public static int execute(CliContext ctx, String... args) {
        int code = commandLine(ctx, Subcommands.addressed(args).map(List::<Class<?>>of).orElse(Subcommands.ALL))
                .execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }

    /** The configured picocli command line (streams, colours, error handlers) with every subcommand. */
    public static CommandLine commandLine(CliContext ctx) {
        return commandLine(ctx, Subcommands.ALL);
    }

    private static CommandLine commandLine(CliContext ctx, List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new DroverCli(ctx));
        for (Class<?> sub : subcommands) {
            cl.addSubcommand(sub);
        }
        cl.setExpandAtFiles(false); // --data @FILE is ours to read, not an argument file
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(ctx.ansi()));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        CommandLine db = cl.getSubcommands().get("db");
        if (db != null) {
            DbCommand.withoutQueueOptions(db);
        }
        return cl;
    }

    /** Without a subcommand: the usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(ctx.err());
        return ExitCode.USAGE;
    }

    public CliContext context() {
        return ctx;
    }

    public String prefix() {
        return prefix;
    }

    public boolean json() {
        return json;
    }

    /** The printer for this run (human or JSON per {@code --json}). */
    public Output output() {
        return new Output(ctx, json);
    }

    /** The Redis server chosen by {@code --redis}, {@code $REDIS_URL} or the default; usage error when malformed. */
    public RedisConfig redis() {
        if (redis == null) {
            String url = redisUrl != null ? redisUrl : ctx.env().getOrDefault("REDIS_URL", DEFAULT_REDIS_URL);
            String ca = redisTlsCa != null ? redisTlsCa : ctx.env().get("REDIS_TLS_CA");
            try {
                // RedisConfig's messages show the URL with its passwords replaced by ***
                RedisConfig parsed = RedisConfig.fromUrl(url);
                redis = ca == null || ca.isBlank() ? parsed : parsed.withTlsCaFile(java.nio.file.Path.of(ca));
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
        }
        return redis;
    }

    /** Queue options for the chosen server and prefix, with a small pool: one command runs at a time. */
    public QueueOptions queueOptions() {
        return QueueOptions.builder().redis(redis()).prefix(prefix).maxConnections(2).build();
    }

    /** A new admin over the chosen server; the caller closes it. */
    public QueueAdmin openAdmin() {
        return new QueueAdmin(queueOptions());
    }
}
