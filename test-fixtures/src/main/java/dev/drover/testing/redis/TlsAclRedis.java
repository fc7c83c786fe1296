package dev.drover.testing.redis;

import java.nio.file.Path;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A TLS-only redis-server whose certificate a throwaway CA signed (names: localhost, 127.0.0.1; it also listens on
 * 127.0.0.2, which the certificate does not name), with an ACL user {@value #USER} that may run any data command on
 * any key: what a managed Redis with a private CA and per-application users looks like. {@link #start} throws
 * {@link RedisServerProcess.TlsUnsupportedException} when the redis-server in use has no TLS; tests should skip then.
 */
public final class TlsAclRedis implements AutoCloseable {

    public static final String USER = "drover-app";
    /** With a space and an '@', so URL encoding is exercised. */
    public static final String PASSWORD = "tls p@ss";

    private final TlsCertificates certs;
    private final RedisServerProcess server;

    private TlsAclRedis(TlsCertificates certs, RedisServerProcess server) {
        this.certs = certs;
        this.server = server;
    }

    public static TlsAclRedis start() {
        TlsCertificates certs = TlsCertificates.generate();
        RedisServerProcess server = RedisServerProcess.startTls(certs, "--bind", "127.0.0.1", "127.0.0.2");
        try (Jedis admin = new Jedis(new HostAndPort("127.0.0.1", server.port()), DefaultJedisClientConfig.builder()
                .ssl(true).sslSocketFactory(certs.clientSocketFactory()).build())) {
            admin.aclSetUser(USER, "reset", "on", ">" + PASSWORD, "~*", "&*", "+@all", "-@dangerous", "+info",
                    "+client", "+ping", "+wait", "+cluster|slots", "+cluster|shards", "+cluster|nodes");
        }
        return new TlsAclRedis(certs, server);
    }

    /** {@code rediss://drover-app:<password>@127.0.0.1:<port>}: trust {@link #caFile()} to connect. */
    public String url() {
        return "rediss://" + USER + ":tls%20p%40ss@127.0.0.1:" + server.port();
    }

    /** The same server at 127.0.0.2, a name its certificate does not hold: hostname verification must refuse it. */
    public String wrongNameUrl() {
        return "rediss://" + USER + ":tls%20p%40ss@127.0.0.2:" + server.port();
    }

    /** The PEM file of the CA that signed the server's certificate. */
    public Path caFile() {
        return certs.caCertPem();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
