package dev.drover.queue.internal.redis;

import dev.drover.queue.RedisConfig;
import java.util.List;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** One server: one pool. Nothing to re-discover; a restarted server is reconnected to by the pool. */
final class StandaloneTopology implements RedisTopology {

    private final RedisConfig config;
    private final HostAndPort node;
    private final ConnectionPool pool;

    StandaloneTopology(RedisConfig config, int maxConnections) {
        this.config = config;
        this.node = ClientConfigs.hostAndPort(config.nodes().getFirst());
        this.pool = Pools.pool(node, config, maxConnections);
    }

    @Override
    public Jedis pooled(String routingKey) {
        return new Jedis(pool.getResource());
    }

    @Override
    public Jedis pooledAt(HostAndPort target) {
        return pooled(null);
    }

    @Override
    public ConnectionPool poolFor(String routingKey) {
        return pool;
    }

    @Override
    public Jedis dedicated(String routingKey, String clientName) {
        return new Jedis(node, ClientConfigs.dataNode(config, clientName, ClientConfigs.timeoutMs(config)));
    }

    @Override
    public List<HostAndPort> masters() {
        return List.of(node);
    }

    @Override
    public void refresh() {
        // one fixed address
    }

    @Override
    public boolean failsOver() {
        return false;
    }

    @Override
    public boolean isCluster() {
        return false;
    }

    @Override
    public void close() {
        pool.close();
    }
}
