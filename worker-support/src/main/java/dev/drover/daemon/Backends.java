package dev.drover.daemon;

import dev.drover.queue.RedisConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Reachability of the daemon's Redis: a fresh connection, AUTH as configured, and a PING. Used once at start (a
 * failure stops the daemon with a line naming host and port) and on every {@code /health/ready}. Public for
 * one-shot commands (a CLI's {@code submit}) that need Redis without a whole {@link Daemon}.
 */
public final class Backends {

    private static final int TIMEOUT_MS = 2_000;

    private Backends() {
    }

    /** Throws {@link StartupException#unreachable} naming host and port (never the password) when PING fails. */
    public static void requireRedis(RedisConfig redis) {
        String problem = pingRedis(redis);
        if (problem != null) {
            throw StartupException.unreachable("cannot reach Redis at " + redis.host() + ":" + redis.port() + ": "
                    + problem, null);
        }
    }

    /** Null when Redis answered PING; otherwise why not, in one line. */
    public static String pingRedis(RedisConfig redis) {
        DefaultJedisClientConfig cfg = DefaultJedisClientConfig.builder()
                .user(redis.user()).password(redis.password()).database(redis.database()).ssl(redis.ssl())
                .connectionTimeoutMillis(TIMEOUT_MS).socketTimeoutMillis(TIMEOUT_MS).build();
        try (Jedis jedis = new Jedis(new HostAndPort(redis.host(), redis.port()), cfg)) {
            return "PONG".equals(jedis.ping()) ? null : "unexpected PING reply";
        } catch (RuntimeException e) {
            return rootMessage(e);
        }
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
