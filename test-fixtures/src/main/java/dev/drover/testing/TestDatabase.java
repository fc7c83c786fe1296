package dev.drover.testing;

import dev.drover.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A Postgres database that belongs to one test: a copy of the migrated template, dropped after the test.
 *
 * @param server the server it lives on
 * @param name   the database name
 */
public record TestDatabase(PostgresServer server, String name) {

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** {@code postgres://user:password@host:port/name}, the form the daemons read from {@code DATABASE_URL}. */
    public String url() {
        String auth = server.password().isEmpty() ? server.user() : server.user() + ":" + server.password();
        return "postgres://" + auth + "@" + server.host() + ":" + server.port() + "/" + name;
    }

    /** A new connection as the migration owner; the caller closes it. */
    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** An unpooled data source as the migration owner. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl());
        ds.setUser(user());
        ds.setPassword(password());
        return ds;
    }
}
