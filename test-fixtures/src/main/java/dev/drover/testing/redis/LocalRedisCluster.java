package dev.drover.testing.redis;

import dev.drover.testing.FreePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClusterFailoverOption;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster of three masters, each with {@code replicasPerMaster} replicas, on free loopback ports whose
 * cluster bus ports (port + 10000) are free too. The 16384 hash slots are split in three ranges; {@link #start}
 * returns once every node reports {@code cluster_state:ok} and every replica is in sync with its master.
 * {@link #failoverShardOf} runs a {@code CLUSTER FAILOVER} on the replica of a key's shard, as an operator would.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16384;
    private static final int MASTERS = 3;
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);
    private static final int FAILOVER_ATTEMPTS = 4;
    private static final Duration FAILOVER_TRY = Duration.ofSeconds(15);
    private final List<RedisServerProcess> nodes = new ArrayList<>();

    private LocalRedisCluster() {
    }

    /** Three masters, no replicas. */
    public static LocalRedisCluster start() {
        return start(0);
    }

    /** Three masters with {@code replicasPerMaster} replicas each; joined, slots assigned, replicas in sync. */
    public static LocalRedisCluster start(int replicasPerMaster) {
        LocalRedisCluster cluster = new LocalRedisCluster();
        try {
            int total = MASTERS * (1 + replicasPerMaster);
            for (int i = 0; i < total; i++) {
                cluster.nodes.add(RedisServerProcess.startOn(FreePort.pickWithBus(), false, "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "3000"));
            }
            cluster.join();
            cluster.addReplicas();
            cluster.awaitFormed();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void join() {
        RedisServerProcess first = nodes.getFirst();
        for (int i = 0; i < nodes.size(); i++) {
            try (Jedis j = jedis(nodes.get(i))) {
                if (i > 0) {
                    j.clusterMeet(first.host(), first.port());
                }
                if (i < MASTERS) {
                    j.clusterAddSlots(IntStream.range(i * SLOTS / MASTERS, (i + 1) * SLOTS / MASTERS).toArray());
                }
            }
        }
        await("every node to know the others", () -> nodes.stream().allMatch(n -> info(n, true)
                .contains("cluster_known_nodes:" + nodes.size())));
    }

    private void addReplicas() {
        for (int i = MASTERS; i < nodes.size(); i++) {
            String masterId;
            try (Jedis m = jedis(nodes.get(i % MASTERS))) {
                masterId = m.clusterMyId();
            }
            try (Jedis r = jedis(nodes.get(i))) {
                r.clusterReplicate(masterId);
            }
        }
    }

    /** Returns once every node reports {@code cluster_state:ok} and every replica is in sync with its master. */
    public void awaitFormed() {
        await("cluster_state:ok with every replica in sync", this::formed);
    }

    private boolean formed() {
        for (RedisServerProcess n : nodes) {
            if (!info(n, true).contains("cluster_state:ok")) {
                return false;
            }
        }
        int replicas = 0;
        for (RedisServerProcess n : nodes) {
            String replication = info(n, false);
            if (replication.contains("role:slave")) {
                replicas++;
                if (!replication.contains("master_link_status:up")) {
                    return false;
                }
            }
        }
        return replicas == nodes.size() - MASTERS && everyNodeSeesEveryReplica();
    }

    /** Gossip lags INFO: a node may serve while its CLUSTER NODES does not yet name a shard's replica. */
    private boolean everyNodeSeesEveryReplica() {
        for (RedisServerProcess n : nodes) {
            try (Jedis j = jedis(n)) {
                ClusterNodes view = ClusterNodes.parse(j.clusterNodes());
                long replicas = view.lines().stream().filter(l -> !l.master() && !l.masterId().equals("-")).count();
                if (replicas != nodes.size() - MASTERS) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private static String info(RedisServerProcess n, boolean cluster) {
        try (Jedis j = jedis(n)) {
            return cluster ? j.clusterInfo() : j.info("replication");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * Promotes the replica of the shard serving {@code key}'s slot with {@code CLUSTER FAILOVER} (a manual
     * failover: the replica first catches up, so no acknowledged write is lost) and returns once it is the master
     * and every node agrees the cluster is ok. Returns the new master.
     */
    public HostAndPort failoverShardOf(String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        ClusterNodes view = ClusterNodes.of(this);
        ClusterNodes.Line master = view.masterOf(slot);
        ClusterNodes.Line replica = view.replicasOf(master.id()).stream().findFirst().orElseThrow(
                () -> new IllegalStateException("the shard of slot " + slot + " has no replica to fail over to"));
        BooleanSupplier tookOver = () -> {
            try {
                return ClusterNodes.of(this).masterOf(slot).address().equals(replica.address());
            } catch (RuntimeException notYet) {
                return false;
            }
        };
        // a manual failover the master does not answer in time (a starved process on a loaded machine) is abandoned
        // by Redis after a few seconds without a word: ask again, and FORCE on the last try
        for (int attempt = 1; attempt <= FAILOVER_ATTEMPTS && !tookOver.getAsBoolean(); attempt++) {
            try (Jedis r = new Jedis(replica.address())) {
                if (attempt < FAILOVER_ATTEMPTS) {
                    r.clusterFailover();
                } else {
                    r.clusterFailover(ClusterFailoverOption.FORCE);
                }
            }
            try {
                Poll.until("the replica " + replica.address() + " to take over slot " + slot, FAILOVER_TRY, tookOver);
            } catch (IllegalStateException notYet) {
                if (attempt == FAILOVER_ATTEMPTS) {
                    throw notYet;
                }
            }
        }
        await("every node to agree after the failover of slot " + slot, this::formed);
        return replica.address();
    }

    private void await(String what, BooleanSupplier condition) {
        Poll.until(what, FORM_TIMEOUT, condition);
    }

    private static Jedis jedis(RedisServerProcess n) {
        return new Jedis(n.host(), n.port(), 2_000);
    }

    /** Every node (masters and replicas) as client seeds. */
    public Set<HostAndPort> nodes() {
        return nodes.stream().map(n -> new HostAndPort(n.host(), n.port())).collect(Collectors.toUnmodifiableSet());
    }

    /** The node processes, masters first as started (roles change after a failover). */
    public List<RedisServerProcess> processes() {
        return List.copyOf(nodes);
    }

    /** The node processes that are masters now (roles change with each failover). */
    public List<RedisServerProcess> masters() {
        ClusterNodes view = ClusterNodes.of(this);
        return nodes.stream().filter(n -> view.lines().stream().anyMatch(l -> l.master()
                && l.address().getPort() == n.port())).toList();
    }

    /** {@code redis-cluster://} with every node as a seed. */
    public String url() {
        return "redis-cluster://" + nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","));
    }

    /** {@code redis-cluster://} naming only {@code node}: the client must find the rest itself. */
    public String urlVia(RedisServerProcess node) {
        return "redis-cluster://" + node.host() + ":" + node.port();
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::kill);
    }
}
