package dev.drover.sync.app;

import dev.drover.daemon.RedisSettings;
import dev.drover.daemon.StartupException;
import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.queue.QueueOptions;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the {@code segments} commands find Postgres and (for {@code run-now}) Redis. Same variables as the daemon's;
 * parse errors name the variable and never echo the URL (it may hold a password).
 */
final class ConnectionOptions {

    @Option(names = "--database-url", paramLabel = "<url>", required = true,
            description = "Postgres: postgres://user:password@host:port/db (or jdbc:postgresql://...).")
    String databaseUrl;

    @Option(names = "--redis-url", paramLabel = "<url>",
            description = "Redis, for run-now: redis://[user:password@]host[:port][/db], redis-sentinel://... or "
                    + "redis-cluster://...; rediss... for TLS.")
    String redisUrl;

    @Option(names = "--redis-tls-ca", paramLabel = "<pem file>",
            description = "CA certificate(s) to trust for rediss:// instead of the JVM's trust store.")
    String redisTlsCa;

    @Option(names = "--queue-prefix", paramLabel = "<prefix>", defaultValue = QueueOptions.DEFAULT_PREFIX,
            description = "Redis key prefix of the queues (BullMQ's prefix).")
    String queuePrefix;

    /** Opens a one-connection pool; the caller closes it. */
    Database openDatabase(Map<String, String> env) {
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(databaseUrl, env);
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig(e.getMessage() != null && e.getMessage().startsWith("DATABASE_URL")
                    ? e.getMessage() : "DATABASE_URL (--database-url) is not a valid Postgres URL");
        }
        return Database.open(url, "sync-worker-cli", 1);
    }

    /** Queue options for run-now; REDIS_URL is required there. */
    QueueOptions queueOptions() {
        return QueueOptions.builder().redis(RedisSettings.parse(redisUrl, redisTlsCa)).prefix(queuePrefix).build();
    }
}
