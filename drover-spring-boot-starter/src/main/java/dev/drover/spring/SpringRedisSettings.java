package dev.drover.spring;

import dev.drover.queue.RedisConfig;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The application's {@code spring.data.redis.*} settings, read as Spring Boot's Redis support reads them, turned into
 * queue-core's {@link RedisConfig}: {@code url} wins over {@code host}, {@code port}, {@code username},
 * {@code password} and {@code database}; {@code sentinel.master} with {@code sentinel.nodes} (and
 * {@code sentinel.username}/{@code password} for the sentinels' own login) means Sentinel, else
 * {@code cluster.nodes} means Cluster, each with the data nodes' login and database from the rest; {@code ssl.enabled}
 * or an {@code ssl.bundle} (its trust and key material) means TLS; {@code timeout} is the command and connect timeout.
 */
final class SpringRedisSettings {

    private String url;
    private String host = "localhost";
    private int port = RedisConfig.DEFAULT_PORT;
    private String username;
    private String password;
    private int database;
    private Duration timeout;
    private final Ssl ssl = new Ssl();
    private final Nodes sentinel = new Nodes();
    private final Nodes cluster = new Nodes();

    static SpringRedisSettings from(Environment environment) {
        return Binder.get(environment).bind("spring.data.redis", Bindable.of(SpringRedisSettings.class))
                .orElseGet(SpringRedisSettings::new);
    }

    /**
     * @param sslFactory the factory of the named SSL bundle, or null for the JVM's default trust
     */
    RedisConfig toRedisConfig(SSLSocketFactory sslFactory) {
        RedisConfig fromUrl = StringUtils.hasText(url) ? RedisConfig.fromUrl(url) : null;
        RedisConfig.Builder b = fromUrl != null ? fromUrl.toBuilder()
                : RedisConfig.builder().standalone(host, port).database(database);
        if (fromUrl == null) {
            b.credentials(emptyToNull(username), emptyToNull(password));
        }
        if (StringUtils.hasText(sentinel.getMaster())) {
            b.sentinel(sentinel.getMaster(), nodes(sentinel.getNodes(), RedisConfig.DEFAULT_SENTINEL_PORT, "sentinel"))
                    .sentinelCredentials(emptyToNull(sentinel.getUsername()), emptyToNull(sentinel.getPassword()));
        } else if (!cluster.getNodes().isEmpty()) {
            b.cluster(nodes(cluster.getNodes(), RedisConfig.DEFAULT_PORT, "cluster"));
        }
        if (ssl.isEnabled() || StringUtils.hasText(ssl.getBundle())) {
            b.ssl(true);
        }
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (sslFactory != null) {
            b.sslSocketFactory(sslFactory);
        }
        return b.build();
    }

    /** {@code host:port} entries as Spring writes them ({@code [::1]:26379} for IPv6); the port may be left out. */
    private static List<RedisConfig.Node> nodes(List<String> entries, int defaultPort, String what) {
        if (entries.isEmpty()) {
            throw new IllegalStateException("spring.data.redis." + what + ".nodes is empty");
        }
        return entries.stream().map(String::strip).map(e -> {
            int colon = e.lastIndexOf(':');
            boolean hasPort = colon > 0 && !e.endsWith("]") && (e.indexOf(':') == colon || e.startsWith("["));
            String host = hasPort ? e.substring(0, colon) : e;
            int port = hasPort ? Integer.parseInt(e.substring(colon + 1)) : defaultPort;
            return new RedisConfig.Node(host.replaceAll("^\\[|]$", ""), port);
        }).toList();
    }

    String sslBundle() {
        return StringUtils.hasText(ssl.getBundle()) ? ssl.getBundle() : null;
    }

    private static String emptyToNull(String s) {
        return StringUtils.hasLength(s) ? s : null;
    }

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public int getDatabase() { return database; }
    public void setDatabase(int database) { this.database = database; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Ssl getSsl() { return ssl; }
    public Nodes getSentinel() { return sentinel; }
    public Nodes getCluster() { return cluster; }

    /** {@code spring.data.redis.ssl.*}. */
    public static class Ssl {
        private boolean enabled;
        private String bundle;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getBundle() { return bundle; }
        public void setBundle(String bundle) { this.bundle = bundle; }
    }

    /** {@code spring.data.redis.sentinel.*} / {@code .cluster.*}. */
    public static class Nodes {
        private String master;
        private List<String> nodes = List.of();
        private String username;
        private String password;

        public String getMaster() { return master; }
        public void setMaster(String master) { this.master = master; }
        public List<String> getNodes() { return nodes; }
        public void setNodes(List<String> nodes) { this.nodes = nodes; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
    }
}
