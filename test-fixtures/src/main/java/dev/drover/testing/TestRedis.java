package dev.drover.testing;

import dev.drover.testing.redis.RedisServerControl;
import java.net.URI;
import redis.clients.jedis.Jedis;

/**
 * A Redis server as one test sees it: where it is, the key prefix that isolates this test, and (for tests annotated
 * {@link DedicatedRedisServer}) control over the server process.
 *
 * @param url    {@code redis://host:port[/db]}, with credentials when the server needs them
 * @param prefix a key prefix unique to this test; use it as the queue prefix
 */
public record TestRedis(String url, String prefix, RedisServerControl control) {

    public String host() {
        return URI.create(url).getHost();
    }

    public int port() {
        return URI.create(url).getPort();
    }

    /** A new connection; the caller closes it. */
    public Jedis jedis() {
        return new Jedis(URI.create(url));
    }

    /** The server process; only for tests annotated {@link DedicatedRedisServer}. */
    public RedisServerControl server() {
        if (control == null) {
            throw new IllegalStateException("this test shares its Redis server: annotate it with @DedicatedRedisServer to control the process");
        }
        return control;
    }
}
