package dev.drover.sync.app;

import dev.drover.daemon.ConnectionUrls;
import dev.drover.daemon.Env;
import dev.drover.db.Database;
import dev.drover.queue.QueueOptions;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the {@code segments} commands find Postgres and (for {@code run-now}) Redis: the only options of theirs that
 * read the environment, with the daemon's variables. Parse errors name the variable and never echo the URL
 * ({@link ConnectionUrls}).
 */
final class ConnectionOptions {

    @Env("DATABASE_URL")
    @Option(names = "--database-url", paramLabel = "<url>", required = true,
            description = "Postgres: postgres://user:password@host:port/db (or jdbc:postgresql://...).")
    String databaseUrl;

    @Env("REDIS_URL")
    @Option(names = "--redis-url", paramLabel = "<url>",
            description = "Redis, for run-now: redis://[user:password@]host[:port][/db], redis-sentinel://... or "
                    + "redis-cluster://...; rediss... for TLS.")
    String redisUrl;

    @Env("REDIS_TLS_CA")
    @Option(names = "--redis-tls-ca", paramLabel = "<pem file>",
            description = "CA certificate(s) to trust for rediss:// instead of the JVM's trust store.")
    String redisTlsCa;

    @Env("QUEUE_PREFIX")
    @Option(names = "--queue-prefix", paramLabel = "<prefix>", defaultValue = QueueOptions.DEFAULT_PREFIX,
            description = "Redis key prefix of the queues (BullMQ's prefix).")
    String queuePrefix;

    /** Opens a one-connection pool; the caller closes it. */
    Database openDatabase(Map<String, String> env) {
        return Database.open(ConnectionUrls.database(databaseUrl, env), "sync-worker-cli", 1);
    }

    /** Queue options for run-now; REDIS_URL is required there. */
    QueueOptions queueOptions() {
        return QueueOptions.builder().redis(ConnectionUrls.redis(redisUrl, redisTlsCa)).prefix(queuePrefix).build();
    }
}
