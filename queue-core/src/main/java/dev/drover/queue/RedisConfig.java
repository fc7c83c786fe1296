package dev.drover.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where Redis is and how to log in: one server, a Sentinel-monitored master, or a Cluster. Parsed from a URL
 * ({@link #fromUrl}) or built ({@link #builder()}):
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]}, {@code rediss://} for TLS;</li>
 *   <li>{@code redis-sentinel://[user:password@]host1:26379,host2:26379/mastername[?db=N]}, {@code rediss-sentinel://}
 *       for TLS to the sentinels and the data nodes alike; the credentials are the data nodes' (sentinels that need
 *       their own login take {@code ?sentinelUser=...&sentinelPassword=...});</li>
 *   <li>{@code redis-cluster://[user:password@]host1:port,host2:port} (any reachable nodes as seeds),
 *       {@code rediss-cluster://} for TLS.</li>
 * </ul>
 * A password alone is written {@code redis://:password@host}. {@link #toString()} never shows a password, and a
 * parsing error quotes nothing of the URL (a malformed URL may hold a password anywhere).
 *
 * <p>TLS always verifies the server: its certificate chain against the trusted CAs and its name (or IP address)
 * against the address it is reached at. The trusted CAs are the JVM's default trust store (so
 * {@code -Djavax.net.ssl.trustStore=...} works), unless {@link #withTlsCaFile} or {@link #withSslSocketFactory}
 * supplies others, e.g. the private CA of a managed Redis.
 *
 * @param mode             one server, Sentinel or Cluster
 * @param nodes            the server; the sentinels; or the cluster's seed nodes (at least one)
 * @param masterName       the Sentinel master's name; null otherwise
 * @param sentinelUser     ACL user for the sentinels themselves (Sentinel only; null: none)
 * @param sentinelPassword password for the sentinels themselves (Sentinel only; null: none)
 * @param tlsTrust         the CAs trusted for TLS when set by {@link #withTlsCaFile}; null for the JVM default
 * @param sslSocketFactory the factory making TLS sockets (trusted CAs, client certificate); null for the JVM
 *                         default. Hostname verification applies whatever the factory.
 */
public record RedisConfig(Mode mode, List<Node> nodes, String masterName, String user, String password, int database,
                          boolean ssl, Duration timeout, String sentinelUser, String sentinelPassword,
                          TrustManagerFactory tlsTrust, SSLSocketFactory sslSocketFactory) {

    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_SENTINEL_PORT = 26379;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** How every URL parsing error begins; what follows names the problem and quotes nothing of the URL. */
    public static final String URL_ERROR = "invalid redis url: ";

    /** How the servers are arranged. */
    public enum Mode {
        /** One server (or a proxy in front of several). */
        STANDALONE,
        /** A master and replicas watched by Redis Sentinel; the master is asked of the sentinels. */
        SENTINEL,
        /** A Redis Cluster; each key goes to the master serving its hash slot. */
        CLUSTER
    }

    /** One {@code host:port}. */
    public record Node(String host, int port) {
        public Node {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("redis host must not be empty");
            }
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("redis port must be 1..65535, got " + port);
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public RedisConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeout, "timeout");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("redis needs at least one host");
        }
        if (database < 0) {
            throw new IllegalArgumentException("redis database must be >= 0, got " + database);
        }
        if (mode == Mode.SENTINEL && (masterName == null || masterName.isBlank())) {
            throw new IllegalArgumentException("a Sentinel redis config needs the master's name");
        }
        if (mode == Mode.CLUSTER && database != 0) {
            throw new IllegalArgumentException("Redis Cluster has only database 0, got " + database);
        }
        if (mode != Mode.SENTINEL && (masterName != null || sentinelUser != null || sentinelPassword != null)) {
            throw new IllegalArgumentException("a master name and sentinel credentials are for Sentinel only");
        }
    }

    /** One server, the JVM's default TLS settings when {@code ssl}. */
    public RedisConfig(String host, int port, String user, String password, int database, boolean ssl,
                       Duration timeout) {
        this(Mode.STANDALONE, List.of(new Node(host, port)), null, user, password, database, ssl, timeout, null, null,
                null, null);
    }

    /** Parses a Redis URL (forms in the class comment); fails with one line that never shows the password. */
    public static RedisConfig fromUrl(String url) {
        return RedisUrl.parse(url);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.nodes = nodes;
        b.masterName = masterName;
        b.user = user;
        b.password = password;
        b.database = database;
        b.ssl = ssl;
        b.timeout = timeout;
        b.sentinelUser = sentinelUser;
        b.sentinelPassword = sentinelPassword;
        b.tlsTrust = tlsTrust;
        b.sslSocketFactory = sslSocketFactory;
        return b;
    }

    /** The first (for one server: the only) host. */
    public String host() {
        return nodes.getFirst().host();
    }

    /** The first (for one server: the only) port. */
    public int port() {
        return nodes.getFirst().port();
    }

    /** This config with TLS sockets from {@code factory} (null: the JVM default); only used with TLS. */
    public RedisConfig withSslSocketFactory(SSLSocketFactory factory) {
        return toBuilder().sslSocketFactory(factory).build();
    }

    /**
     * This config trusting only the CA certificate(s) in a PEM (or DER) file for TLS, instead of the JVM's trust
     * store; the server's name is still checked. Fails with a message naming the file when it holds no readable
     * certificate.
     */
    public RedisConfig withTlsCaFile(Path caCertificates) {
        TrustManagerFactory trust = TlsTrust.fromCaFile(caCertificates);
        return toBuilder().tlsTrust(trust).sslSocketFactory(TlsTrust.socketFactory(trust)).build();
    }

    /** The servers in one line, for messages: no password. */
    public String addresses() {
        return nodes.stream().map(Node::toString).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        String login = user != null ? user + "@" : "";
        return switch (mode) {
            case STANDALONE -> (ssl ? "rediss://" : "redis://") + login + addresses() + "/" + database;
            case SENTINEL -> (ssl ? "rediss-sentinel://" : "redis-sentinel://") + login + addresses() + "/"
                    + masterName + (database != 0 ? "?db=" + database : "");
            case CLUSTER -> (ssl ? "rediss-cluster://" : "redis-cluster://") + login + addresses();
        };
    }

    /** Builder for {@link RedisConfig}; {@link #build()} validates. */
    public static final class Builder {
        private Mode mode = Mode.STANDALONE;
        private List<Node> nodes = List.of();
        private String masterName;
        private String user;
        private String password;
        private int database;
        private boolean ssl;
        private Duration timeout = DEFAULT_TIMEOUT;
        private String sentinelUser;
        private String sentinelPassword;
        private TrustManagerFactory tlsTrust;
        private SSLSocketFactory sslSocketFactory;

        /** One server at {@code host:port}. */
        public Builder standalone(String host, int port) {
            this.mode = Mode.STANDALONE;
            this.nodes = List.of(new Node(host, port));
            return this;
        }

        /** The master called {@code masterName}, found by asking {@code sentinels}. */
        public Builder sentinel(String masterName, List<Node> sentinels) {
            this.mode = Mode.SENTINEL;
            this.masterName = masterName;
            this.nodes = List.copyOf(sentinels);
            return this;
        }

        /** A Redis Cluster reached first through any of {@code seeds}. */
        public Builder cluster(List<Node> seeds) {
            this.mode = Mode.CLUSTER;
            this.nodes = List.copyOf(seeds);
            return this;
        }

        Builder mode(Mode mode) { this.mode = mode; return this; }
        Builder nodes(List<Node> nodes) { this.nodes = List.copyOf(nodes); return this; }
        Builder masterName(String name) { this.masterName = name; return this; }

        /** ACL user and password of the data nodes (either may be null). */
        public Builder credentials(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** ACL user and password of the sentinels themselves, when they require a login. */
        public Builder sentinelCredentials(String user, String password) {
            this.sentinelUser = user;
            this.sentinelPassword = password;
            return this;
        }

        public Builder database(int database) { this.database = database; return this; }
        public Builder ssl(boolean ssl) { this.ssl = ssl; return this; }
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        public Builder tlsTrust(TrustManagerFactory trust) { this.tlsTrust = trust; return this; }
        public Builder sslSocketFactory(SSLSocketFactory factory) { this.sslSocketFactory = factory; return this; }

        /** Trust only the CA certificate(s) in this PEM or DER file for TLS (see {@link #withTlsCaFile}). */
        public Builder tlsCaFile(Path caCertificates) {
            this.tlsTrust = TlsTrust.fromCaFile(caCertificates);
            this.sslSocketFactory = TlsTrust.socketFactory(tlsTrust);
            return this;
        }

        public RedisConfig build() {
            return new RedisConfig(mode, nodes, masterName, user, password, database, ssl, timeout, sentinelUser,
                    sentinelPassword, tlsTrust, sslSocketFactory);
        }
    }
}
