package dev.drover.queue.internal.redis;

import dev.drover.queue.QueueException;
import dev.drover.queue.RedisConfig;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster through Jedis' slot cache: a key's commands go to the master serving its hash slot (hash tags
 * honoured), {@link #refresh()} re-reads the slot map (after MOVED, a failover, a lost connection), and
 * {@link #masters()} lists every shard's master after checking that every slot is served.
 */
final class ClusterTopology implements RedisTopology {

    static final int SLOTS = 16384;

    private final RedisConfig config;
    private final ClusterConnectionProvider provider;

    ClusterTopology(RedisConfig config, int maxConnections) {
        this.config = config;
        Set<HostAndPort> seeds = config.nodes().stream().map(ClientConfigs::hostAndPort).collect(Collectors.toSet());
        try {
            this.provider = new ClusterConnectionProvider(seeds,
                    ClientConfigs.dataNode(config, null, ClientConfigs.timeoutMs(config)), Pools.config(maxConnections));
        } catch (RuntimeException e) {
            String why = "cannot read the cluster's slot map from any seed node: " + rootMessage(e);
            throw new QueueException(QueueException.Kind.REDIS, "redis " + config + ": " + why,
                    new JedisConnectionException(why, e));
        }
    }

    @Override
    public Jedis pooled(String routingKey) {
        return new Jedis(routingKey == null ? provider.getConnection()
                : provider.getConnectionFromSlot(JedisClusterCRC16.getSlot(routingKey)));
    }

    @Override
    public Jedis pooledAt(HostAndPort node) {
        return new Jedis(provider.getConnection(node));
    }

    @Override
    public ConnectionPool poolFor(String routingKey) {
        HostAndPort node = provider.getNode(JedisClusterCRC16.getSlot(routingKey == null ? "" : routingKey));
        if (node == null) {
            provider.renewSlotCache();
            node = provider.getNode(JedisClusterCRC16.getSlot(routingKey == null ? "" : routingKey));
        }
        ConnectionPool pool = node == null ? null : provider.getNodes().get(node.toString());
        if (pool == null) {
            throw new QueueException(QueueException.Kind.REDIS, "redis " + config + ": no master serves the slot of "
                    + routingKey);
        }
        return pool;
    }

    @Override
    public Jedis dedicated(String routingKey, String clientName) {
        HostAndPort node = routingKey == null ? null : provider.getNode(JedisClusterCRC16.getSlot(routingKey));
        if (node == null) {
            provider.renewSlotCache();
            node = routingKey == null ? masters().getFirst() : provider.getNode(JedisClusterCRC16.getSlot(routingKey));
        }
        if (node == null) {
            throw new QueueException(QueueException.Kind.REDIS, "redis " + config + ": no master serves the slot of "
                    + routingKey);
        }
        return new Jedis(node, ClientConfigs.dataNode(config, clientName, ClientConfigs.timeoutMs(config)));
    }

    /** Every master after a fresh read of the slot map; fails when some slot has no master (a shard is missing). */
    @Override
    public List<HostAndPort> masters() {
        provider.renewSlotCache();
        for (int slot = 0; slot < SLOTS; slot++) {
            if (provider.getNode(slot) == null) {
                throw new QueueException(QueueException.Kind.REDIS, "redis " + config + ": slot " + slot
                        + " is served by no master; the cluster is incomplete");
            }
        }
        return java.util.stream.IntStream.range(0, SLOTS).mapToObj(provider::getNode).distinct().toList();
    }

    @Override
    public void refresh() {
        try {
            provider.renewSlotCache();
        } catch (RuntimeException e) {
            // every node we know is down right now; the next failure asks again
        }
    }

    @Override
    public boolean failsOver() {
        return true;
    }

    @Override
    public boolean isCluster() {
        return true;
    }

    @Override
    public void close() {
        provider.close();
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
