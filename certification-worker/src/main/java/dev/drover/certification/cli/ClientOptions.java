package dev.drover.certification.cli;

import dev.drover.daemon.RedisSettings;
import dev.drover.daemon.StartupException;
import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.queue.QueueOptions;
import picocli.CommandLine.Option;

/** Where the operator subcommands find Redis and Postgres; each option also reads its variable. */
public final class ClientOptions {

    @Option(names = "--redis-url", paramLabel = "<url>", required = true,
            description = "Redis: redis://[user:password@]host[:port][/db], redis-sentinel://... or "
                    + "redis-cluster://...; rediss... for TLS.")
    String redisUrl;

    @Option(names = "--redis-tls-ca", paramLabel = "<pem file>",
            description = "CA certificate(s) to trust for rediss:// instead of the JVM's trust store.")
    String redisTlsCa;

    @Option(names = "--database-url", paramLabel = "<url>",
            description = "Postgres: postgres://user:password@host:port/db (not needed by submit).")
    String databaseUrl;

    @Option(names = "--queue-prefix", paramLabel = "<prefix>", defaultValue = QueueOptions.DEFAULT_PREFIX,
            description = "Redis key prefix of the queues.")
    String queuePrefix;

    QueueOptions queueOptions() {
        return QueueOptions.builder().redis(RedisSettings.parse(redisUrl, redisTlsCa)).prefix(queuePrefix)
                .maxConnections(2).build();
    }

    Database database() {
        if (databaseUrl == null) {
            throw StartupException.badConfig("missing required configuration: DATABASE_URL (or --database-url)");
        }
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(databaseUrl, System.getenv());
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig(e.getMessage());
        }
        return Database.open(url, "certification-cli", 2);
    }
}
