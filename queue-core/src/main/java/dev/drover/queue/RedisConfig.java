package dev.drover.queue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Where Redis is and how to log in, parsed from a URL: {@code redis://[user:password@]host[:port][/db]} or
 * {@code rediss://} for TLS. A password alone is written {@code redis://:password@host}. {@link #toString()}
 * never shows the password.
 */
public record RedisConfig(String host, int port, String user, String password, int database, boolean ssl,
                          Duration timeout) {

    public static final int DEFAULT_PORT = 6379;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public RedisConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("redis port must be 1..65535, got " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("redis database must be >= 0, got " + database);
        }
    }

    /** Parses a {@code redis://} or {@code rediss://} URL; fails with a message naming the problem. */
    public static RedisConfig fromUrl(String url) {
        Objects.requireNonNull(url, "redis url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid redis url: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("redis url must start with redis:// or rediss://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("redis url has no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = parts[0].isEmpty() ? null : decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        return new RedisConfig(uri.getHost(), uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(), user, password,
                database(uri.getPath()), "rediss".equals(scheme), DEFAULT_TIMEOUT);
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            return Integer.parseInt(path.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("redis url database must be a number, got " + path.substring(1));
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (ssl ? "rediss://" : "redis://") + (user != null ? user + "@" : "") + host + ":" + port + "/" + database;
    }
}
