package dev.drover.queue;

import dev.drover.queue.internal.redis.RedisExecutor;
import java.time.Duration;

/**
 * Whether Redis answers, through the same connection setup as queues and workers (Sentinel discovery, Cluster slot
 * map, TLS with hostname check, ACL login): for health checks and start-up checks.
 */
public final class RedisProbe {

    private RedisProbe() {
    }

    /**
     * Null when every master answered PING (the one server; the master Sentinel names; each Cluster shard's
     * master); otherwise why not, in one line that never holds a password.
     */
    public static String ping(RedisConfig config, Duration timeout) {
        RedisConfig quick = config.toBuilder().timeout(timeout).build();
        try (RedisExecutor redis = new RedisExecutor(quick, 1)) {
            return redis.onEveryMaster(j -> j.ping()).stream().allMatch("PONG"::equals) ? null : "unexpected PING reply";
        } catch (RuntimeException e) {
            return rootMessage(e);
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
