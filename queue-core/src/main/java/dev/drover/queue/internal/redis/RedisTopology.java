package dev.drover.queue.internal.redis;

import dev.drover.queue.RedisConfig;
import java.util.List;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Where commands go: the one server, the master Sentinel names, or the Cluster master serving a key's slot.
 * Pooled connections are given back by closing them. Implementations are thread-safe.
 */
public sealed interface RedisTopology extends AutoCloseable
        permits StandaloneTopology, SentinelTopology, ClusterTopology {

    /** Opens the topology {@code config} describes; fails (naming the servers, never a password) if none answers. */
    static RedisTopology open(RedisConfig config, int maxConnections) {
        return switch (config.mode()) {
            case STANDALONE -> new StandaloneTopology(config, maxConnections);
            case SENTINEL -> new SentinelTopology(config, maxConnections);
            case CLUSTER -> new ClusterTopology(config, maxConnections);
        };
    }

    /** A pooled connection to the master for {@code routingKey} (null: any master). */
    Jedis pooled(String routingKey);

    /** A pooled connection to one node (a redirect's target, or one master of {@link #masters()}). */
    Jedis pooledAt(HostAndPort node);

    /** The pool of pooled connections to the master for {@code routingKey} (null: any master). */
    ConnectionPool poolFor(String routingKey);

    /** A new connection of its own (for blocking reads) to the master for {@code routingKey}; caller closes it. */
    Jedis dedicated(String routingKey, String clientName);

    /** Every master as of now (the topology is re-read first): one for a server or Sentinel, each shard's for Cluster. */
    List<HostAndPort> masters();

    /** Re-reads where the masters are (after a failover, MOVED, READONLY or a lost connection). */
    void refresh();

    /** Whether masters can move (Sentinel, Cluster), so that a refresh and a retry may cure a failure. */
    boolean failsOver();

    boolean isCluster();

    @Override
    void close();
}
