package dev.drover.queue.internal.redis;

import dev.drover.queue.QueueException;
import dev.drover.queue.RedisConfig;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The master of a Sentinel set: asked of the sentinels at start, followed through failovers by listening to each
 * sentinel's {@code +switch-master} announcements ({@link SentinelWatcher}), and asked again on {@link #refresh()}
 * (a READONLY reply or a lost connection: the announcement may not have arrived yet). A new master gets a new pool;
 * the old pool is closed, so connections to the demoted master are dropped as they are given back.
 */
final class SentinelTopology implements RedisTopology {

    private static final Logger log = LoggerFactory.getLogger(SentinelTopology.class);
    private static final long MIN_REFRESH_INTERVAL_NANOS = 100_000_000L;

    private final RedisConfig config;
    private final int maxConnections;
    private final JedisClientConfig sentinelClient;
    private final List<SentinelWatcher> watchers = new ArrayList<>();
    private volatile Master master;
    private volatile long lastRefresh;
    private volatile boolean closed;

    private record Master(HostAndPort address, ConnectionPool pool) {
    }

    SentinelTopology(RedisConfig config, int maxConnections) {
        this.config = config;
        this.maxConnections = maxConnections;
        this.sentinelClient = ClientConfigs.sentinel(config, ClientConfigs.timeoutMs(config));
        this.lastRefresh = System.nanoTime() - MIN_REFRESH_INTERVAL_NANOS;
        HostAndPort first = discover();
        this.master = new Master(first, Pools.pool(first, config, maxConnections));
        for (RedisConfig.Node s : config.nodes()) {
            SentinelWatcher w = new SentinelWatcher(ClientConfigs.hostAndPort(s), sentinelClient, config.masterName(),
                    this::switchTo);
            watchers.add(w);
            w.start();
        }
    }

    /** Asks the sentinels in turn where the master is; the first answer wins. */
    private HostAndPort discover() {
        List<String> problems = new ArrayList<>();
        for (RedisConfig.Node s : config.nodes()) {
            try (Jedis sentinel = new Jedis(ClientConfigs.hostAndPort(s), sentinelClient)) {
                List<String> addr = sentinel.sentinelGetMasterAddrByName(config.masterName());
                if (addr != null && addr.size() == 2) {
                    return new HostAndPort(addr.get(0), Integer.parseInt(addr.get(1)));
                }
                problems.add(s + ": does not know master '" + config.masterName() + "'");
            } catch (RuntimeException e) {
                problems.add(s + ": " + e.getMessage());
            }
        }
        String why = "no sentinel named the master '" + config.masterName() + "' (" + String.join("; ", problems) + ")";
        throw new QueueException(QueueException.Kind.REDIS, "redis " + config + ": " + why,
                new JedisConnectionException(why));
    }

    private synchronized void switchTo(HostAndPort address) {
        Master old = master;
        if (closed || old.address().equals(address)) {
            return;
        }
        master = new Master(address, Pools.pool(address, config, maxConnections));
        log.info("redis {}: master '{}' is now {} (was {})", config, config.masterName(), address, old.address());
        old.pool().close();
    }

    @Override
    public Jedis pooled(String routingKey) {
        return new Jedis(master.pool().getResource());
    }

    @Override
    public ConnectionPool poolFor(String routingKey) {
        return master.pool();
    }

    @Override
    public Jedis pooledAt(HostAndPort node) {
        Master m = master;
        if (!m.address().equals(node)) {
            throw new QueueException(QueueException.Kind.REDIS, "redis " + config + ": " + node
                    + " is not the master (" + m.address() + ")");
        }
        return new Jedis(m.pool().getResource());
    }

    @Override
    public Jedis dedicated(String routingKey, String clientName) {
        return new Jedis(master.address(), ClientConfigs.dataNode(config, clientName, ClientConfigs.timeoutMs(config)));
    }

    @Override
    public List<HostAndPort> masters() {
        refresh();
        return List.of(master.address());
    }

    @Override
    public void refresh() {
        long now = System.nanoTime();
        if (now - lastRefresh < MIN_REFRESH_INTERVAL_NANOS) {
            return; // many threads fail at once after a failover; one question to the sentinels is enough
        }
        lastRefresh = now;
        try {
            switchTo(discover());
        } catch (QueueException e) {
            log.warn("{}", e.getMessage());
        }
    }

    @Override
    public boolean failsOver() {
        return true;
    }

    @Override
    public boolean isCluster() {
        return false;
    }

    @Override
    public synchronized void close() {
        closed = true;
        watchers.forEach(SentinelWatcher::close);
        master.pool().close();
    }
}
