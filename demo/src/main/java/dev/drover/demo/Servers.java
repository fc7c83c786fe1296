package dev.drover.demo;

import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.testing.postgres.PostgresServer;
import dev.drover.testing.redis.RedisServerProcess;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Redis and Postgres for the demo: the servers named by {@code REDIS_URL} / {@code DATABASE_URL} when set, else an
 * embedded Redis and an embedded Postgres on free loopback ports. The database is migrated either way.
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
            databaseUrl = "postgres://" + pg.user() + "@" + pg.host() + ":" + pg.port() + "/" + DATABASE;
            console.step("Postgres (embedded) on " + pg.host() + ":" + pg.port() + ", database " + DATABASE);
        } else {
            console.step("Postgres from DATABASE_URL");
        }
        Servers servers = new Servers(redisUrl, databaseUrl, embedded);
        try (Database db = servers.openDatabase(env, "demo-migrate")) {
            int applied = db.migrate().migrationsExecuted;
            console.step("schema migrated (" + applied + " migrations applied)");
        }
        return servers;
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
