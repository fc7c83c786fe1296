package dev.drover.daemon;

import dev.drover.queue.RedisConfig;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SslVerificationMode;

/**
 * The one place a {@link RedisConfig} becomes a Redisson {@link Config} (for the daemons' Redis-backed rate
 * limiters), so Redisson reaches the same servers the queues do: one server, the Sentinel master (reads too go to
 * the master) or every Cluster shard; the same ACL login; TLS with the server's name checked and the custom CA of
 * {@link RedisConfig#withTlsCaFile} trusted. A custom {@code SSLSocketFactory} alone cannot be carried over (Redisson
 * builds its own TLS engine), so that is refused with a message naming the fix.
 */
public final class RedissonConfigs {

    private RedissonConfigs() {
    }

    /** A small client: {@code connections} per master, two worker threads, four netty threads. */
    public static Config of(RedisConfig redis, int connections) {
        if (redis.ssl() && redis.sslSocketFactory() != null && redis.tlsTrust() == null) {
            throw new IllegalArgumentException("the rate limiter (Redisson) cannot use a custom SSLSocketFactory; "
                    + "give the CA file instead (REDIS_TLS_CA, RedisConfig.withTlsCaFile)");
        }
        Config config = new Config().setThreads(2).setNettyThreads(4);
        String scheme = redis.ssl() ? "rediss://" : "redis://";
        BaseConfig<?> base = switch (redis.mode()) {
            case STANDALONE -> config.useSingleServer().setAddress(scheme + redis.nodes().getFirst())
                    .setDatabase(redis.database()).setConnectionMinimumIdleSize(1).setConnectionPoolSize(connections);
            case SENTINEL -> {
                var s = config.useSentinelServers().setMasterName(redis.masterName()).setDatabase(redis.database())
                        .setCheckSentinelsList(false).setReadMode(ReadMode.MASTER)
                        .setMasterConnectionMinimumIdleSize(1).setMasterConnectionPoolSize(connections)
                        .setSlaveConnectionMinimumIdleSize(0).setSlaveConnectionPoolSize(1)
                        .setSentinelUsername(redis.sentinelUser()).setSentinelPassword(redis.sentinelPassword());
                redis.nodes().forEach(n -> s.addSentinelAddress(scheme + n));
                yield s;
            }
            case CLUSTER -> {
                var c = config.useClusterServers().setReadMode(ReadMode.MASTER)
                        .setMasterConnectionMinimumIdleSize(1).setMasterConnectionPoolSize(connections)
                        .setSlaveConnectionMinimumIdleSize(0).setSlaveConnectionPoolSize(1);
                redis.nodes().forEach(n -> c.addNodeAddress(scheme + n));
                yield c;
            }
        };
        base.setUsername(redis.user()).setPassword(redis.password())
                .setTimeout(Math.toIntExact(redis.timeout().toMillis()));
        if (redis.ssl()) {
            base.setSslVerificationMode(SslVerificationMode.STRICT);
            if (redis.tlsTrust() != null) {
                base.setSslTrustManagerFactory(redis.tlsTrust());
            }
        }
        return config;
    }
}
