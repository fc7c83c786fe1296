package dev.drover.sync.app;

import dev.drover.daemon.RedissonConfigs;
import dev.drover.queue.RedisConfig;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/** Builds the Redisson client behind the shared CRM rate limiter from the same Redis settings the queue uses. */
final class RedissonClients {

    private RedissonClients() {
    }

    /** A small client (the rate limiter is its only user) for one server, Sentinel or Cluster: {@link RedissonConfigs}. */
    static RedissonClient create(RedisConfig redis) {
        return Redisson.create(RedissonConfigs.of(redis, 4));
    }
}
