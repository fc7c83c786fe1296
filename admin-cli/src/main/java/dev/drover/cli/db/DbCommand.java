package dev.drover.cli.db;

import dev.drover.cli.CliException;
import dev.drover.cli.DroverCli;
import dev.drover.cli.ExitCode;
import dev.drover.cli.Secrets;
import dev.drover.db.DatabaseUrl;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code drover db}: Drover's Postgres database for operators. Holds {@code --database-url} (default
 * {@code $DATABASE_URL}) for its subcommands; see the footer for the order of a first setup.
 */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Set up, migrate, check and roll back Drover's Postgres database.",
        subcommands = {DbInfoCommand.class, DbMigrateCommand.class, DbValidateCommand.class,
            DbCreateRoleCommand.class, DbCheckCommand.class, DbRollbackCommand.class},
        footer = {"", "From a blank Postgres (README, \"Running the daemons in production\"):",
            "  1. as a superuser:  CREATE ROLE drover LOGIN CREATEROLE PASSWORD '...';",
            "                      CREATE DATABASE drover OWNER drover;",
            "  2. as the owner:    drover db migrate",
            "  3. as the owner:    drover db create-role drover_runtime --password-env VAR",
            "  4. start the daemons with the runtime role's DATABASE_URL",
            "  5. as the runtime role:  drover db check",
            "",
            "Prefer DATABASE_URL to --database-url when the URL holds a password: a",
            "command line is visible to other users of the host.",
            "Exit codes: 0 ok, 1 refused, drift or a failed check, 2 usage error,",
            "3 cannot connect to Postgres (host and port named, never the password)."})
public final class DbCommand implements Callable<Integer> {

    @ParentCommand
    private DroverCli root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--database-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Postgres: postgres://user:password@host:port/db or jdbc:postgresql://... "
                    + "(default: $DATABASE_URL; $DATABASE_USER and $DATABASE_PASSWORD fill in missing credentials).")
    String databaseUrl;

    /** Without a subcommand: the usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(root.context().err());
        return ExitCode.USAGE;
    }

    DroverCli root() {
        return root;
    }

    /** The database named by {@code --database-url} or {@code $DATABASE_URL}; a usage error when absent or malformed. */
    DatabaseUrl url() {
        String raw = databaseUrl != null ? databaseUrl : root.context().env().get("DATABASE_URL");
        if (raw == null || raw.isBlank()) {
            throw CliException.usage("no database given: pass --database-url postgres://user:password@host:port/db "
                    + "or set DATABASE_URL");
        }
        try {
            return DatabaseUrl.parse(raw, root.context().env());
        } catch (IllegalArgumentException e) {
            // DatabaseUrl's messages redact the password; redact again in case a parser quoted the input
            throw CliException.usage(Secrets.redact(e.getMessage(), null));
        }
    }

    /**
     * Drops the queue options ({@code --redis}, {@code --redis-tls-ca}, {@code --prefix}) the root passes down: they
     * mean nothing here.
     */
    public static void withoutQueueOptions(CommandLine db) {
        for (CommandLine c : all(db)) {
            for (String name : List.of("--redis", "--redis-tls-ca", "--prefix")) {
                OptionSpec o = c.getCommandSpec().findOption(name);
                if (o != null) {
                    c.getCommandSpec().remove(o);
                }
            }
        }
    }

    private static List<CommandLine> all(CommandLine c) {
        List<CommandLine> out = new java.util.ArrayList<>(List.of(c));
        c.getSubcommands().values().forEach(sub -> out.addAll(all(sub)));
        return out;
    }
}
