package dev.drover.sync.app;

import dev.drover.queue.RedisConfig;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Builds the Redisson client behind the shared CRM rate limiter from the same Redis settings the queue uses. */
final class RedissonClients {

    private RedissonClients() {
    }

    /** A small single-server client: the rate limiter is its only user. */
    static RedissonClient create(RedisConfig redis) {
        Config config = new Config();
        config.setThreads(2).setNettyThreads(4);
        var server = config.useSingleServer()
                .setAddress((redis.ssl() ? "rediss://" : "redis://") + redis.host() + ":" + redis.port())
                .setDatabase(redis.database())
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(4)
                .setTimeout(Math.toIntExact(redis.timeout().toMillis()));
        if (redis.user() != null) {
            server.setUsername(redis.user());
        }
        if (redis.password() != null) {
            server.setPassword(redis.password());
        }
        return Redisson.create(config);
    }
}
