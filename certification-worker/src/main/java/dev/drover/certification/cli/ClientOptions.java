package dev.drover.certification.cli;

import dev.drover.daemon.Backends;
import dev.drover.daemon.ConnectionUrls;
import dev.drover.daemon.Env;
import dev.drover.db.Database;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.RedisConfig;
import picocli.CommandLine.Option;

/**
 * Where the operator subcommands find Redis and Postgres: their only options that read the environment, with the
 * daemon's variables. A URL that cannot be parsed is reported without any part of it ({@link ConnectionUrls}).
 */
public final class ClientOptions {

    @Env("REDIS_URL")
    @Option(names = "--redis-url", paramLabel = "<url>", required = true,
            description = "Redis: redis://[user:password@]host[:port][/db], redis-sentinel://... or "
                    + "redis-cluster://...; rediss... for TLS.")
    String redisUrl;

    @Env("REDIS_TLS_CA")
    @Option(names = "--redis-tls-ca", paramLabel = "<pem file>",
            description = "CA certificate(s) to trust for rediss:// instead of the JVM's trust store.")
    String redisTlsCa;

    @Env("DATABASE_URL")
    @Option(names = "--database-url", paramLabel = "<url>",
            description = "Postgres: postgres://user:password@host:port/db (not needed by submit).")
    String databaseUrl;

    @Env("QUEUE_PREFIX")
    @Option(names = "--queue-prefix", paramLabel = "<prefix>", defaultValue = QueueOptions.DEFAULT_PREFIX,
            description = "Redis key prefix of the queues.")
    String queuePrefix;

    /** The queue's options once Redis answered: an unreachable one is one line naming host and port, exit 3. */
    QueueOptions queueOptions() {
        RedisConfig redis = ConnectionUrls.redis(redisUrl, redisTlsCa);
        Backends.requireRedis(redis);
        return QueueOptions.builder().redis(redis).prefix(queuePrefix).maxConnections(2).build();
    }

    Database database() {
        return Database.open(ConnectionUrls.database(databaseUrl, System.getenv()), "certification-cli", 2);
    }
}
