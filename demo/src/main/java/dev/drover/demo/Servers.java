package dev.drover.demo;

import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.db.lifecycle.RuntimeRole;
import dev.drover.testing.postgres.PostgresServer;
import dev.drover.testing.redis.RedisServerProcess;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Redis and Postgres for the demo: the servers named by {@code REDIS_URL} / {@code DATABASE_URL} when set, else an
 * embedded Redis and an embedded Postgres on free loopback ports. The database is migrated either way; an embedded
 * one also gets the least-privilege runtime role, which the daemons then connect as (as in production).
 *
 * @param redisUrl    what the daemons get as {@code REDIS_URL}
 * @param databaseUrl what the daemons get as {@code DATABASE_URL}
 * @param embedded    whether the servers are the demo's own (and go away with it)
 */
record Servers(String redisUrl, String databaseUrl, boolean embedded) {

    private static final String DATABASE = "drover_demo";

    /** Starts (or reaches) both servers, registering what it starts with {@code resources}; then migrates. */
    static Servers start(Map<String, String> env, Resources resources, Console console) {
        String redisUrl = blankToNull(env.get("REDIS_URL"));
        String databaseUrl = blankToNull(env.get("DATABASE_URL"));
        boolean embedded = redisUrl == null || databaseUrl == null;
        if (redisUrl == null) {
            RedisServerProcess redis = resources.add(RedisServerProcess.start(false));
            resources.add(() -> TempDir.delete(redis.dataDir()));
            redisUrl = "redis://127.0.0.1:" + redis.port();
            console.step("Redis " + redis.version() + " (embedded) on 127.0.0.1:" + redis.port());
        } else {
            console.step("Redis from REDIS_URL");
        }
        if (databaseUrl == null) {
            PostgresServer pg = PostgresServer.startEmbedded();
            createDatabase(pg);
            console.step("Postgres (embedded) on " + pg.host() + ":" + pg.port() + ", database " + DATABASE);
            migrate("postgres://" + pg.user() + "@" + pg.host() + ":" + pg.port() + "/" + DATABASE, env, console);
            databaseUrl = createRuntimeRole(pg, console);
        } else {
            console.step("Postgres from DATABASE_URL");
            migrate(databaseUrl, env, console);
        }
        return new Servers(redisUrl, databaseUrl, embedded);
    }

    // as the owner, like `drover db migrate`
    private static void migrate(String ownerUrl, Map<String, String> env, Console console) {
        try (Database db = Database.open(DatabaseUrl.parse(ownerUrl, env), "demo-migrate", 2)) {
            int applied = db.migrate().applied().size();
            console.step("schema migrated (" + applied + " migrations applied)");
        }
    }

    // like `drover db create-role`: the daemons (and the demo's own reads) use the least-privilege role
    private static String createRuntimeRole(PostgresServer pg, Console console) {
        String password = UUID.randomUUID().toString();
        try (Connection c = pg.connect(DATABASE)) {
            RuntimeRole.createOrUpdate(c, RuntimeRole.DEFAULT_NAME, password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the runtime role: " + e.getMessage(), e);
        }
        console.step("runtime role " + RuntimeRole.DEFAULT_NAME + " created; the daemons connect as it");
        return "postgres://" + RuntimeRole.DEFAULT_NAME + ":" + password + "@" + pg.host() + ":" + pg.port() + "/"
                + DATABASE;
    }

    /** A small pool on the demo's database; the caller closes it. */
    Database openDatabase(Map<String, String> env, String poolName) {
        return Database.open(DatabaseUrl.parse(databaseUrl, env), poolName, 2);
    }

    private static void createDatabase(PostgresServer pg) {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the demo database: " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
