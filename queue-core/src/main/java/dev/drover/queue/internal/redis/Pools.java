package dev.drover.queue.internal.redis;

import dev.drover.queue.RedisConfig;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;

/** Connection pool settings shared by every topology. */
final class Pools {

    private Pools() {
    }

    static GenericObjectPoolConfig<Connection> config(int maxConnections) {
        GenericObjectPoolConfig<Connection> c = new GenericObjectPoolConfig<>();
        c.setMaxTotal(maxConnections);
        c.setMaxIdle(maxConnections);
        c.setTestOnBorrow(false);
        c.setJmxEnabled(false);
        return c;
    }

    /**
     * Opens connections into {@code pool} until it holds {@code n} (idle and in use together; never past its
     * maximum), each set up as a borrowed one would be (login, database, name). Throws what connecting threw.
     */
    static void fill(ConnectionPool pool, int n) throws Exception {
        int missing = n - pool.getNumIdle() - pool.getNumActive();
        for (int i = 0; i < missing; i++) {
            pool.addObject();
        }
    }

    static ConnectionPool pool(HostAndPort node, RedisConfig config, int maxConnections) {
        return new ConnectionPool(node, ClientConfigs.dataNode(config, null, ClientConfigs.timeoutMs(config)),
                config(maxConnections));
    }
}
