package dev.drover.queue.internal.redis;

import dev.drover.queue.RedisConfig;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/**
 * The one place a {@link RedisConfig} becomes Jedis connection settings: login (ACL user or password alone),
 * database, timeouts, and TLS with the server's name checked against the address it is reached at.
 */
public final class ClientConfigs {

    private ClientConfigs() {
    }

    /** Settings for a data node (a server, a Sentinel master, a Cluster node), optionally naming the connection. */
    public static JedisClientConfig dataNode(RedisConfig config, String clientName, int timeoutMs) {
        return base(config, timeoutMs).user(config.user()).password(config.password())
                .database(config.database()).clientName(clientName).build();
    }

    /** Settings for a sentinel: its own login, no database, the same TLS as the data nodes. */
    public static JedisClientConfig sentinel(RedisConfig config, int timeoutMs) {
        return base(config, timeoutMs).user(config.sentinelUser()).password(config.sentinelPassword()).build();
    }

    private static DefaultJedisClientConfig.Builder base(RedisConfig config, int timeoutMs) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().ssl(config.ssl())
                .connectionTimeoutMillis(timeoutMs).socketTimeoutMillis(timeoutMs);
        if (config.ssl()) {
            // Jedis checks only the certificate chain by default; also check the server's name/IP, as HTTPS does.
            SSLParameters tls = new SSLParameters();
            tls.setEndpointIdentificationAlgorithm("HTTPS");
            b.sslParameters(tls).sslSocketFactory(config.sslSocketFactory());
        }
        return b;
    }

    static int timeoutMs(RedisConfig config) {
        return (int) config.timeout().toMillis();
    }

    static HostAndPort hostAndPort(RedisConfig.Node node) {
        return new HostAndPort(node.host(), node.port());
    }
}
