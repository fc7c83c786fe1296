package dev.drover.daemon;

import dev.drover.db.DatabaseUrl;
import dev.drover.queue.RedisConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the Redis and Postgres URLs of every daemon and operator command. A URL that cannot be parsed is reported by
 * {@link StartupException#badConfig} naming the variable and the reason, never any part of the URL itself: a
 * malformed URL may hold a password anywhere (java.net.URI quotes its whole input in its messages).
 */
public final class ConnectionUrls {

    private static final Pattern POSTGRES_SCHEME = Pattern.compile("^(jdbc:)?postgres(ql)?://.*", Pattern.DOTALL);

    private static final Map<String, String> KNOWN_REASONS = Map.of(
            "has no host", "it has no host",
            "must start with redis", "it must start with redis:// or rediss://",
            "port must be", "the port must be 1..65535",
            "database must be", "the database must be a number");

    private ConnectionUrls() {
    }

    /** The Redis servers of {@code REDIS_URL} (any form of {@link RedisConfig#fromUrl}). */
    public static RedisConfig redis(String url) {
        return redis(url, null);
    }

    /**
     * The Redis servers of {@code REDIS_URL}, trusting the CA(s) of {@code REDIS_TLS_CA} (a PEM file; null or blank:
     * the JVM's trust store) for TLS.
     */
    public static RedisConfig redis(String url, String tlsCaFile) {
        requirePresent(url, "REDIS_URL", "--redis-url");
        RedisConfig config;
        try {
            config = RedisConfig.fromUrl(url);
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig("REDIS_URL (--redis-url) is not a valid Redis URL: " + reason(e));
        }
        if (tlsCaFile == null || tlsCaFile.isBlank()) {
            return config;
        }
        try {
            return config.withTlsCaFile(Path.of(tlsCaFile));
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig("REDIS_TLS_CA (--redis-tls-ca): " + e.getMessage());
        }
    }

    /** The Postgres database of {@code DATABASE_URL}; {@code env} may supply {@code DATABASE_USER/PASSWORD}. */
    public static DatabaseUrl database(String url, Map<String, String> env) {
        requirePresent(url, "DATABASE_URL", "--database-url");
        String prefix = "DATABASE_URL (--database-url) is not a valid Postgres URL: ";
        if (!POSTGRES_SCHEME.matcher(url).matches()) {
            throw StartupException.badConfig(prefix + "it must start with postgres://, postgresql:// or jdbc:postgresql://");
        }
        try {
            return DatabaseUrl.parse(url, env);
        } catch (IllegalArgumentException e) {
            throw StartupException.badConfig(prefix + reason(e));
        }
    }

    private static void requirePresent(String url, String variable, String flag) {
        if (url == null || url.isBlank()) {
            throw StartupException.badConfig("missing required configuration: " + variable + " (or " + flag + ")");
        }
    }

    /** Why parsing failed, in words that quote nothing of the input. */
    private static String reason(IllegalArgumentException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof URISyntaxException u) {
                return u.getReason() + " at index " + u.getIndex();
            }
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith(RedisConfig.URL_ERROR)) {
            return m.substring(RedisConfig.URL_ERROR.length()); // RedisConfig's reasons quote nothing of the input
        }
        // the parsers' own messages may quote the input after these phrases: say the same in fixed words
        for (Map.Entry<String, String> known : KNOWN_REASONS.entrySet()) {
            if (m.contains(known.getKey())) {
                return known.getValue();
            }
        }
        return "malformed";
    }
}
