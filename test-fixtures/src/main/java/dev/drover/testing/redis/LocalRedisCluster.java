package dev.drover.testing.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster of three masters (no replicas) on free loopback ports, for cluster tests. The 16384 hash slots
 * are split in three ranges; {@link #start()} returns once every node reports {@code cluster_state:ok}.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16384;
    private final List<RedisServerProcess> nodes = new ArrayList<>();

    private LocalRedisCluster() {
    }

    /** Starts three nodes, joins them and assigns the slots. */
    public static LocalRedisCluster start() {
        LocalRedisCluster cluster = new LocalRedisCluster();
        try {
            for (int i = 0; i < 3; i++) {
                cluster.nodes.add(RedisServerProcess.start(false, "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
            }
            cluster.join();
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void join() {
        RedisServerProcess first = nodes.getFirst();
        for (int i = 0; i < nodes.size(); i++) {
            RedisServerProcess node = nodes.get(i);
            try (Jedis j = new Jedis(node.host(), node.port())) {
                if (i > 0) {
                    j.clusterMeet(first.host(), first.port());
                }
                int from = i * SLOTS / nodes.size();
                int to = (i + 1) * SLOTS / nodes.size();
                j.clusterAddSlots(IntStream.range(from, to).toArray());
            }
        }
    }

    private void awaitOk() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (nodes.stream().allMatch(LocalRedisCluster::isOk)) {
                return;
            }
            try {
                Thread.sleep(50); // polling the cluster bus state; there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while forming the cluster", e);
            }
        }
        throw new IllegalStateException("redis cluster did not reach cluster_state:ok within 30 s");
    }

    private static boolean isOk(RedisServerProcess node) {
        try (Jedis j = new Jedis(node.host(), node.port())) {
            String info = j.clusterInfo();
            return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
        }
    }

    /** The seed nodes a cluster client connects to. */
    public Set<HostAndPort> nodes() {
        return nodes.stream().map(n -> new HostAndPort(n.host(), n.port())).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::kill);
    }
}
