package dev.drover.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The workers' way into Postgres: a HikariCP pool, a jOOQ {@link DSLContext} over it, and the Flyway migrations
 * that define every Drover schema ({@code classpath:db/migration}).
 *
 * <p>{@link #open} fails fast with a {@link DatabaseException} naming user, host, port and database (never the
 * password) when the server cannot be reached. Daemons call {@link #requireCurrentSchema()} at start so that a
 * database older than the code is reported at once instead of failing on the first query.
 */
public final class Database implements AutoCloseable {

    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final DSLContext dsl;

    private Database(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES);
    }

    /** Opens a pool of at most {@code maxPoolSize} connections; throws if the first connection fails. */
    public static Database open(DatabaseUrl url, String poolName, int maxPoolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url.jdbcUrl());
        cfg.setUsername(url.user());
        cfg.setPassword(url.password());
        cfg.setPoolName(poolName);
        cfg.setMaximumPoolSize(maxPoolSize);
        cfg.setConnectionTimeout(10_000);
        try {
            return new Database(url, new HikariDataSource(cfg));
        } catch (HikariPool.PoolInitializationException e) {
            throw new DatabaseException("cannot connect to Postgres at " + url + ": " + rootMessage(e), e);
        }
    }

    /** Applies pending migrations (needs the migration owner's rights). */
    public MigrateResult migrate() {
        return flyway().migrate();
    }

    /** Throws unless every migration this code knows has been applied. */
    public void requireCurrentSchema() {
        MigrationInfo[] pending = flyway().info().pending();
        if (pending.length > 0) {
            String versions = Arrays.stream(pending).map(m -> "V" + m.getVersion()).collect(Collectors.joining(", "));
            throw new DatabaseException("the schema of " + url + " is older than this code: pending migrations "
                    + versions + "; run the migrations first");
        }
    }

    private Flyway flyway() {
        return Flyway.configure().dataSource(pool).locations("classpath:db/migration").load();
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return pool;
    }

    public DatabaseUrl url() {
        return url;
    }

    /** Whether a connection can be had within a second; for readiness probes. */
    public boolean isReachable() {
        try (var c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }
}
