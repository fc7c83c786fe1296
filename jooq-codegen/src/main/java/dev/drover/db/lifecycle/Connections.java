package dev.drover.db.lifecycle;

import dev.drover.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Unpooled connections for one-shot work (an operator command), as opposed to a daemon's pool. */
public final class Connections {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private Connections() {
    }

    /** A data source that opens a new connection per call, naming {@code applicationName} in pg_stat_activity. */
    public static DataSource simple(DatabaseUrl url, String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url.jdbcUrl());
        ds.setUser(url.user());
        ds.setPassword(url.password());
        ds.setApplicationName(applicationName);
        ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        return ds;
    }

    /** Opens a connection, or throws the one-line {@link dev.drover.db.DatabaseException} naming host and port. */
    public static Connection open(DataSource ds, DatabaseUrl url) {
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw PostgresErrors.cannotConnect(e) ? PostgresErrors.unreachable(url, e)
                    : new dev.drover.db.DatabaseException(dev.drover.db.DatabaseException.Kind.REFUSED,
                            "cannot use Postgres at " + url + ": " + PostgresErrors.firstLine(e.getMessage()), e);
        }
    }
}
