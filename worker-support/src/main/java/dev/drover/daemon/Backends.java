package dev.drover.daemon;

import dev.drover.queue.RedisConfig;
import dev.drover.queue.RedisProbe;
import java.time.Duration;

/**
 * Reachability of the daemon's Redis through queue-core's own connection setup ({@link RedisProbe}: TLS with the
 * hostname checked and a custom CA, ACL login, Sentinel discovery, every Cluster master) and a PING. Used once at
 * start (a failure stops the daemon with a line naming the servers) and, through one kept probe, on every
 * {@code /health/ready}. Public for
 * one-shot commands (a CLI's {@code submit}) that need Redis without a whole {@link Daemon}.
 */
public final class Backends {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private Backends() {
    }

    /** Throws {@link StartupException#unreachable} naming the servers (never the password) when PING fails. */
    public static void requireRedis(RedisConfig redis) {
        String problem = pingRedis(redis);
        if (problem != null) {
            throw StartupException.unreachable("cannot reach Redis at " + redis.addresses() + ": " + problem, null);
        }
    }

    /** A probe to keep for repeated checks ({@code /health/ready}): it reuses its connections; close it when done. */
    public static RedisProbe redisProbe(RedisConfig redis) {
        return new RedisProbe(redis, TIMEOUT);
    }

    /** Null when Redis (every master) answered PING; otherwise why not, in one line. */
    public static String pingRedis(RedisConfig redis) {
        return RedisProbe.ping(redis, TIMEOUT);
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }
}
