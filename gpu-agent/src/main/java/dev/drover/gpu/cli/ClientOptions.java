package dev.drover.gpu.cli;

import dev.drover.daemon.Env;
import dev.drover.daemon.DaemonOptions;
import dev.drover.queue.QueueOptions;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the job commands ({@code submit}, {@code status}, {@code cancel}, {@code images …}, {@code train submit}) find
 * Redis and Postgres. Only these: the daemon's own settings ({@code --http-port}, {@code --shutdown-timeout},
 * {@code --db-pool-size}) belong to {@code run}.
 */
final class ClientOptions {

    @Env("REDIS_URL")
    @Option(names = "--redis-url", paramLabel = "<url>", required = true,
            description = "Redis: redis://[user:password@]host[:port][/db], redis-sentinel://... or "
                    + "redis-cluster://...; rediss... for TLS.")
    String redisUrl;

    @Env("REDIS_TLS_CA")
    @Option(names = "--redis-tls-ca", paramLabel = "<pem file>",
            description = "CA certificate(s) to trust for rediss:// instead of the JVM's trust store.")
    String redisTlsCa;

    @Mixin
    DatabaseOption database;

    @Env("QUEUE_PREFIX")
    @Option(names = "--queue-prefix", paramLabel = "<prefix>", defaultValue = QueueOptions.DEFAULT_PREFIX,
            description = "Redis key prefix of the queues (BullMQ's prefix).")
    String queuePrefix;

    /** These settings in the daemons' form, whose accessors parse the URLs with the daemons' error rules. */
    DaemonOptions connection() {
        return DaemonOptions.of(redisUrl, database.url, queuePrefix, 0, Duration.ZERO).withRedisTlsCa(redisTlsCa);
    }
}
