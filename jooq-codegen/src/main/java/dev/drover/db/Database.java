package dev.drover.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.drover.db.lifecycle.Migrations;
import dev.drover.db.lifecycle.SchemaStatus;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The workers' way into Postgres: a HikariCP pool, a jOOQ {@link DSLContext} over it, and the Flyway migrations
 * that define every Drover schema ({@code classpath:db/migration}).
 *
 * <p>{@link #open} fails fast with a {@link DatabaseException} naming user, host, port and database (never the
 * password) when the server cannot be reached. Daemons call {@link #requireCurrentSchema()} at start so that a
 * database that does not match the code (older, newer, foreign) is reported at once, with the command that fixes
 * it, instead of failing on the first query. The check reads only {@code flyway_schema_history}, which the runtime
 * role may read.
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
            throw new DatabaseException(DatabaseException.Kind.UNREACHABLE,
                    "cannot connect to Postgres at " + url + ": " + rootMessage(e), e);
        }
    }

    /** Applies pending migrations (needs the migration owner's rights); see {@link Migrations#migrate}. */
    public Migrations.Run migrate() {
        return migrations().migrate(null, false);
    }

    /**
     * Throws a {@link DatabaseException} of kind {@link DatabaseException.Kind#SCHEMA} unless exactly the
     * migrations of this code are applied. The message names the command to run, with the database owner's URL.
     */
    public SchemaStatus requireCurrentSchema() {
        return migrations().requireCurrent(ownerUrl());
    }

    /** Drover's migrations on this pool. */
    public Migrations migrations() {
        return new Migrations(pool, url);
    }

    // the URL (no password) of the database's owner, who runs the migrations; for messages
    private String ownerUrl() {
        String owner = url.user();
        try (var c = pool.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(
                "select pg_get_userbyid(datdba) from pg_database where datname = current_database()")) {
            if (rs.next()) {
                owner = rs.getString(1);
            }
        } catch (SQLException e) {
            // the message then names the connecting user; the check itself reports what is wrong
        }
        return url.withCredentials(owner, "").withoutPassword();
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
