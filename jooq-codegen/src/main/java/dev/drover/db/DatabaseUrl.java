package dev.drover.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the database is, read from a {@code DATABASE_URL} in either of its usual forms:
 * {@code postgres://user:password@host:port/db} or {@code jdbc:postgresql://host:port/db?user=..&password=..}.
 * Credentials missing from the URL may come from {@code DATABASE_USER} / {@code DATABASE_PASSWORD}.
 *
 * <p>{@link #toString()} never shows the password; use it in every message.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, Map<String, String> params) {

    // a host (name, IPv4 or [IPv6]) with an optional numeric port, up to the path, query or end
    private static final Pattern HOST_AND_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]*\\]|[^:/?#\\[\\]]*)(:\\d*)?([/?#]|$)");

    public DatabaseUrl {
        Objects.requireNonNull(host, "host");
        params = Map.copyOf(params);
    }

    /** Parses a URL; {@code env} supplies fallback credentials. */
    public static DatabaseUrl parse(String url, Map<String, String> env) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        String plain = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        if (!plain.matches("^postgres(ql)?://.+")) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql:// (got " + redact(url) + ")");
        }
        URI u;
        try {
            u = new URI(plain.replaceFirst("^postgres(ql)?://", "postgres://"));
        } catch (URISyntaxException e) {
            // the exception's own message quotes the whole input, password included; keep only the reason
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + "): " + redact(url));
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host: " + redact(url));
        }
        Map<String, String> params = query(u.getRawQuery());
        String user = params.remove("user");
        String password = params.remove("password");
        if (u.getRawUserInfo() != null) {
            String[] up = u.getRawUserInfo().split(":", 2);
            try {
                user = decode(up[0]);
                password = up.length > 1 ? decode(up[1]) : password;
            } catch (IllegalArgumentException e) {
                // URLDecoder quotes the characters after a bad '%': part of the password
                throw new IllegalArgumentException("DATABASE_URL has a malformed %-escape in its user or password: "
                        + redact(url));
            }
        }
        user = user != null ? user : env.getOrDefault("DATABASE_USER", "postgres");
        password = password != null ? password : env.getOrDefault("DATABASE_PASSWORD", "");
        String db = u.getPath() == null || u.getPath().length() <= 1 ? user : u.getPath().substring(1);
        return new DatabaseUrl(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), db, user, password, params);
    }

    /** The JDBC URL without credentials. */
    public String jdbcUrl() {
        StringBuilder b = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/').append(database);
        String sep = "?";
        for (Map.Entry<String, String> p : params.entrySet()) {
            b.append(sep).append(p.getKey()).append('=').append(p.getValue());
            sep = "&";
        }
        return b.toString();
    }

    /** The same database reached as another role. */
    public DatabaseUrl withCredentials(String otherUser, String otherPassword) {
        return new DatabaseUrl(host, port, database, otherUser, otherPassword, params);
    }

    /**
     * {@code postgres://user@host:port/database[?params]}: the URL to hand on, without the password (and without any
     * parameter whose name mentions a password).
     */
    public String withoutPassword() {
        StringBuilder b = new StringBuilder("postgres://").append(encode(user)).append('@').append(host).append(':')
                .append(port).append('/').append(database);
        String sep = "?";
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (!p.getKey().toLowerCase(java.util.Locale.ROOT).contains("password")) {
                b.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
                sep = "&";
            }
        }
        return b.toString();
    }

    /** {@code host:port/database} as user, for messages; never the password. */
    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                m.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        return m;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * {@code url} with the password of its user-info and of any {@code password=} parameter replaced by {@code ***}.
     * Robust to malformed input: everything between {@code ://} and the last {@code @} after the user name is hidden,
     * because a password may itself contain {@code /}, {@code ?} or {@code @}.
     */
    static String redact(String url) {
        String out = url;
        int start = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (start >= 0 && at > start + 3) {
            String userInfo = url.substring(start + 3, at);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            out = url.substring(0, start + 3) + user + (colon < 0 ? "" : ":***") + url.substring(at);
        } else if (start >= 0 && !HOST_AND_PORT.matcher(url.substring(start + 3)).lookingAt()) {
            // no '@': what follows "://" is no host[:port], so it may be user:password with the host left out
            int colon = url.indexOf(':', start + 3);
            out = colon < 0 ? url : url.substring(0, colon) + ":***";
        }
        return out.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
