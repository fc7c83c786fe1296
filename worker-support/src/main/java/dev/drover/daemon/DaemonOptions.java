package dev.drover.daemon;

import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.RedisConfig;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every worker daemon takes; add it to a picocli command with {@code @Mixin DaemonOptions daemon}.
 * Each option also reads the environment variable its {@link Env} names ({@code --redis-url} ↔ {@code REDIS_URL});
 * a flag wins over the variable, the variable over the default.
 *
 * <p>The URL accessors parse on demand ({@link ConnectionUrls}) and throw {@link StartupException#badConfig} naming
 * the variable, never echoing the URL itself (it may hold a password).
 */
public final class DaemonOptions {

    @Env("REDIS_URL")
    @Option(names = "--redis-url", paramLabel = "<url>", required = true,
            description = "Redis: redis://[user:password@]host[:port][/db], "
                    + "redis-sentinel://[user:password@]host:port,.../mastername[?db=N] or "
                    + "redis-cluster://[user:password@]host:port,...; rediss... for TLS.")
    String redisUrl;

    @Env("REDIS_TLS_CA")
    @Option(names = "--redis-tls-ca", paramLabel = "<pem file>",
            description = "CA certificate(s) to trust for rediss:// instead of the JVM's trust store.")
    String redisTlsCa;

    @Env("DATABASE_URL")
    @Option(names = "--database-url", paramLabel = "<url>", required = true,
            description = "Postgres: postgres://user:password@host:port/db (or jdbc:postgresql://...).")
    String databaseUrl;

    @Env("QUEUE_PREFIX")
    @Option(names = "--queue-prefix", paramLabel = "<prefix>", defaultValue = QueueOptions.DEFAULT_PREFIX,
            description = "Redis key prefix of the queues (BullMQ's prefix).")
    String queuePrefix;

    @Env("HTTP_PORT")
    @Option(names = "--http-port", paramLabel = "<port>", defaultValue = "8080",
            description = "Port of /health/live, /health/ready and /metrics; 0 picks a free one.")
    int httpPort;

    @Env("SHUTDOWN_TIMEOUT")
    @Option(names = "--shutdown-timeout", paramLabel = "<duration>", defaultValue = "30s",
            description = "On SIGTERM, how long running jobs may finish before they are released (e.g. 30s, 2m).")
    Duration shutdownTimeout;

    @Env("DB_POOL_SIZE")
    @Option(names = "--db-pool-size", paramLabel = "<n>", defaultValue = "4",
            description = "Postgres connections in the pool.")
    int dbPoolSize;

    @Env("MIGRATE_ON_START")
    @Option(names = "--migrate-on-start", paramLabel = "<true|false>", defaultValue = "false", arity = "0..1",
            description = "Apply pending migrations before starting, for single-host setups; the database URL must "
                    + "then be the schema owner's. Otherwise run `drover db migrate` and use the runtime role.")
    boolean migrateOnStart;

    /** The Redis servers; throws naming {@code REDIS_URL} or {@code REDIS_TLS_CA} when they cannot be used. */
    public RedisConfig redis() {
        return ConnectionUrls.redis(redisUrl, redisTlsCa);
    }

    /** Queue options for {@link #redis()} and the configured prefix. */
    public QueueOptions queueOptions() {
        return QueueOptions.builder().redis(redis()).prefix(queuePrefix).build();
    }

    /** The Postgres database; throws naming {@code DATABASE_URL} when the URL cannot be parsed. */
    public DatabaseUrl database(Map<String, String> env) {
        return ConnectionUrls.database(databaseUrl, env);
    }

    /** Opens the Postgres pool; throws {@link StartupException#unreachable} naming host and port when it fails. */
    public Database openDatabase(String poolName, Map<String, String> env) {
        DatabaseUrl url = database(env);
        try {
            return Database.open(url, poolName, dbPoolSize);
        } catch (RuntimeException e) {
            throw StartupException.unreachable("cannot reach Postgres at " + url.host() + ":" + url.port() + ": "
                    + Backends.rootMessage(e), e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public int dbPoolSize() {
        return dbPoolSize;
    }

    public boolean migrateOnStart() {
        return migrateOnStart;
    }

    public String queuePrefix() {
        return queuePrefix;
    }

    /** For tests and embedding: options set in code rather than parsed. */
    public static DaemonOptions of(String redisUrl, String databaseUrl, String queuePrefix, int httpPort,
                                   Duration shutdownTimeout) {
        DaemonOptions o = new DaemonOptions();
        o.redisUrl = redisUrl;
        o.databaseUrl = databaseUrl;
        o.queuePrefix = queuePrefix;
        o.httpPort = httpPort;
        o.shutdownTimeout = shutdownTimeout;
        o.dbPoolSize = 4;
        return o;
    }

    /** A copy that trusts the CA(s) in {@code pemFile} for rediss:// ({@code --redis-tls-ca}); null: the JVM's. */
    public DaemonOptions withRedisTlsCa(String pemFile) {
        DaemonOptions o = of(redisUrl, databaseUrl, queuePrefix, httpPort, shutdownTimeout);
        o.dbPoolSize = dbPoolSize;
        o.migrateOnStart = migrateOnStart;
        o.redisTlsCa = pemFile;
        return o;
    }

    /** A copy that applies pending migrations at start ({@code --migrate-on-start}). */
    public DaemonOptions withMigrateOnStart() {
        DaemonOptions o = of(redisUrl, databaseUrl, queuePrefix, httpPort, shutdownTimeout);
        o.dbPoolSize = dbPoolSize;
        o.redisTlsCa = redisTlsCa;
        o.migrateOnStart = true;
        return o;
    }

}
