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
 * {@code password} and {@code database}; {@code ssl.enabled} or an {@code ssl.bundle} (its trust and key material)
 * means TLS; {@code timeout} is the command and connect timeout. Sentinel and Cluster settings are refused with a
 * message until queue-core connects to those topologies.
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
        if (!sentinel.getNodes().isEmpty() || StringUtils.hasText(sentinel.getMaster())) {
            throw new IllegalStateException("spring.data.redis.sentinel.* is set, but Drover does not connect through "
                    + "Sentinel yet: point drover.redis-url (or spring.data.redis.url) at the master");
        }
        if (!cluster.getNodes().isEmpty()) {
            throw new IllegalStateException("spring.data.redis.cluster.* is set, but Drover does not connect to a "
                    + "Redis Cluster yet: point drover.redis-url at a single server");
        }
        RedisConfig base = StringUtils.hasText(url) ? RedisConfig.fromUrl(url)
                : new RedisConfig(host, port, emptyToNull(username), emptyToNull(password), database, false,
                RedisConfig.DEFAULT_TIMEOUT);
        boolean tls = base.ssl() || ssl.isEnabled() || StringUtils.hasText(ssl.getBundle());
        RedisConfig config = new RedisConfig(base.host(), base.port(), base.user(), base.password(), base.database(),
                tls, timeout != null ? timeout : base.timeout());
        return sslFactory == null ? config : config.withSslSocketFactory(sslFactory);
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

    /** {@code spring.data.redis.sentinel.*} / {@code .cluster.*}: only whether they are set matters here. */
    public static class Nodes {
        private String master;
        private List<String> nodes = List.of();

        public String getMaster() { return master; }
        public void setMaster(String master) { this.master = master; }
        public List<String> getNodes() { return nodes; }
        public void setNodes(List<String> nodes) { this.nodes = nodes; }
    }
}
