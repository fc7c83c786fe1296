package dev.drover.queue;

import dev.drover.queue.internal.redis.RedisExecutor;
import java.time.Duration;

/**
 * Whether Redis answers, through the same connection setup as queues and workers (Sentinel discovery, Cluster slot
 * map, TLS with hostname check, ACL login): for health checks and start-up checks.
 *
 * <p>An instance keeps its connections (and, for Sentinel, its sentinel subscriptions) between checks, so a health
 * endpoint polled every few seconds costs one PING per master, not a new topology each time; after a failed check
 * it starts afresh on the next one (the master may have moved). Thread-safe; {@link #close} when done. The static
 * {@link #ping(RedisConfig, Duration)} is a one-shot check.
 */
public final class RedisProbe implements AutoCloseable {

    private final RedisConfig config;
    private RedisExecutor redis;

    /** A probe whose connections time out after {@code timeout}; connects on the first {@link #ping()}. */
    public RedisProbe(RedisConfig config, Duration timeout) {
        this.config = config.toBuilder().timeout(timeout).build();
    }

    /**
     * Null when every master answered PING (the one server; the master Sentinel names; each Cluster shard's
     * master); otherwise why not, in one line that never holds a password.
     */
    public synchronized String ping() {
        try {
            if (redis == null) {
                redis = new RedisExecutor(config, 1);
            }
            return redis.onEveryMaster(j -> j.ping()).stream().allMatch("PONG"::equals) ? null : "unexpected PING reply";
        } catch (RuntimeException e) {
            close();
            return rootMessage(e);
        }
    }

    /** One check on connections of its own, closed before it returns; see {@link #ping()}. */
    public static String ping(RedisConfig config, Duration timeout) {
        try (RedisProbe probe = new RedisProbe(config, timeout)) {
            return probe.ping();
        }
    }

    @Override
    public synchronized void close() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }
}
