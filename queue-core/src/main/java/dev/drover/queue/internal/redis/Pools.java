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

    static ConnectionPool pool(HostAndPort node, RedisConfig config, int maxConnections) {
        return new ConnectionPool(node, ClientConfigs.dataNode(config, null, ClientConfigs.timeoutMs(config)),
                config(maxConnections));
    }
}
