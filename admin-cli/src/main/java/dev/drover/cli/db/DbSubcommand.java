package dev.drover.cli.db;

import dev.drover.cli.CliContext;
import dev.drover.cli.CliException;
import dev.drover.cli.ExitCode;
import dev.drover.cli.Secrets;
import dev.drover.cli.output.Output;
import dev.drover.db.DatabaseException;
import dev.drover.db.DatabaseUrl;
import dev.drover.db.lifecycle.Connections;
import dev.drover.db.lifecycle.Migrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.ParentCommand;

/**
 * A {@code drover db} subcommand: resolves the database, makes sure it can be reached (exit 3 otherwise, naming
 * host and port), runs, and turns a {@link DatabaseException} into one line on stderr with exit 1 (3 when the
 * server cannot be reached), the password redacted.
 */
abstract class DbSubcommand implements Callable<Integer> {

    @ParentCommand
    private DbCommand db;

    private DatabaseUrl url;
    private DataSource dataSource;

    @Override
    public final Integer call() {
        url = db.url();
        dataSource = Connections.simple(url, "drover db");
        try {
            try (Connection probe = Connections.open(dataSource, url)) {
                // reachable, credentials accepted, database exists
            } catch (SQLException e) {
                // closing a connection that just opened does not fail in practice
            }
            return run();
        } catch (DatabaseException e) {
            int code = e.kind() == DatabaseException.Kind.UNREACHABLE ? ExitCode.NO_DATABASE
                    : ExitCode.NOT_FOUND_OR_REFUSED;
            throw new CliException(code, Secrets.redact(e.getMessage(), url.password()));
        }
    }

    /** The command's work; returns the exit code. */
    protected abstract int run();

    protected DatabaseUrl url() {
        return url;
    }

    /** A new connection as the URL's role; the caller closes it. */
    protected Connection connect() {
        return Connections.open(dataSource, url);
    }

    protected Migrations migrations() {
        return new Migrations(dataSource, url);
    }

    protected Output out() {
        return db.root().output();
    }

    protected CliContext ctx() {
        return db.root().context();
    }
}
