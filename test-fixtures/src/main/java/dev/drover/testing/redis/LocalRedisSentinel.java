package dev.drover.testing.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Sentinel set on loopback: one master, one replica and three sentinels (quorum 2) watching master
 * {@value #MASTER_NAME}, each a real {@code redis-server} ({@code --sentinel} with a config file in its own
 * directory). {@link #start} returns once every sentinel knows the replica and the other sentinels;
 * {@link #failover} runs {@code SENTINEL FAILOVER} and returns once the replica is master and the sentinels say so.
 */
public final class LocalRedisSentinel implements AutoCloseable {

    public static final String MASTER_NAME = "drovermaster";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisServerProcess> data = new ArrayList<>();
    private final List<RedisServerProcess> sentinels = new ArrayList<>();

    private LocalRedisSentinel() {
    }

    public static LocalRedisSentinel start() {
        LocalRedisSentinel set = new LocalRedisSentinel();
        try {
            RedisServerProcess master = RedisServerProcess.start(false);
            set.data.add(master);
            set.data.add(RedisServerProcess.start(false, "--replicaof", master.host(), Integer.toString(master.port())));
            String config = "sentinel monitor " + MASTER_NAME + " " + master.host() + " " + master.port() + " 2\n"
                    + "sentinel down-after-milliseconds " + MASTER_NAME + " 2000\n"
                    + "sentinel failover-timeout " + MASTER_NAME + " 10000\n"
                    + "sentinel parallel-syncs " + MASTER_NAME + " 1\n";
            for (int i = 0; i < 3; i++) {
                set.sentinels.add(RedisServerProcess.startSentinel(config));
            }
            set.await("the sentinels to find the replica and each other", set::settled);
            return set;
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
    }

    private boolean settled() {
        for (RedisServerProcess s : sentinels) {
            try (Jedis j = jedis(s)) {
                var m = j.sentinelMasters().stream().filter(x -> MASTER_NAME.equals(x.get("name"))).findFirst();
                if (m.isEmpty() || !"1".equals(m.get().get("num-slaves"))
                        || !"2".equals(m.get().get("num-other-sentinels"))) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return replicaInSync();
    }

    private boolean replicaInSync() {
        HostAndPort master = master();
        for (RedisServerProcess d : data) {
            if (d.port() != master.getPort()) {
                try (Jedis j = jedis(d)) {
                    if (!j.info("replication").contains("master_link_status:up")) {
                        return false;
                    }
                } catch (RuntimeException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The master as the first sentinel that answers sees it. */
    public HostAndPort master() {
        for (RedisServerProcess s : sentinels) {
            try (Jedis j = jedis(s)) {
                List<String> a = j.sentinelGetMasterAddrByName(MASTER_NAME);
                return new HostAndPort(a.get(0), Integer.parseInt(a.get(1)));
            } catch (RuntimeException e) {
                // ask the next
            }
        }
        throw new IllegalStateException("no sentinel answered");
    }

    /**
     * {@code SENTINEL FAILOVER}: the replica is promoted (the old master, still alive, becomes its replica). Returns
     * the new master once every sentinel names it, it answers as master and the old master follows it.
     */
    public HostAndPort failover() {
        HostAndPort old = master();
        try (Jedis j = jedis(sentinels.getFirst())) {
            j.sentinelFailover(MASTER_NAME);
        }
        await("the failover away from " + old, () -> {
            try {
                HostAndPort now = master();
                if (now.equals(old) || !sentinels.stream().allMatch(s -> named(s, now))) {
                    return false;
                }
                try (Jedis m = new Jedis(now.getHost(), now.getPort(), 2_000)) {
                    return m.info("replication").contains("role:master") && replicaInSync();
                }
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        return master();
    }

    private static boolean named(RedisServerProcess sentinel, HostAndPort master) {
        try (Jedis j = jedis(sentinel)) {
            List<String> a = j.sentinelGetMasterAddrByName(MASTER_NAME);
            return a.get(0).equals(master.getHost()) && Integer.parseInt(a.get(1)) == master.getPort();
        }
    }

    /** {@code redis-sentinel://s1,s2,s3/drovermaster}. */
    public String url() {
        return "redis-sentinel://" + sentinels.stream().map(s -> s.host() + ":" + s.port())
                .collect(Collectors.joining(",")) + "/" + MASTER_NAME;
    }

    /** The sentinel addresses (for a Node ioredis {@code sentinels} option). */
    public List<HostAndPort> sentinels() {
        return sentinels.stream().map(s -> new HostAndPort(s.host(), s.port())).toList();
    }

    /** The master and replica processes (their roles swap with each failover). */
    public List<RedisServerProcess> dataNodes() {
        return List.copyOf(data);
    }

    private void await(String what, BooleanSupplier condition) {
        Poll.until(what, TIMEOUT, condition);
    }

    private static Jedis jedis(RedisServerProcess p) {
        return new Jedis(p.host(), p.port(), 2_000);
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServerProcess::kill);
        data.forEach(RedisServerProcess::kill);
    }
}
