package dev.drover.queue;

import dev.drover.queue.RedisConfig.Mode;
import dev.drover.queue.RedisConfig.Node;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Parses the Redis URL forms of {@link RedisConfig}. Multi-host URLs are not valid {@link java.net.URI}s, so this is
 * a small parser of its own. Every error is one line that names the problem and quotes nothing of the URL: a
 * malformed URL may hold a password anywhere, not only where a well-formed one does.
 */
final class RedisUrl {

    private static final String FORMS = "expected redis://[user:password@]host[:port][/db], "
            + "redis-sentinel://[user:password@]host:port[,host:port...]/mastername[?db=N] or "
            + "redis-cluster://[user:password@]host:port[,host:port...] (rediss... for TLS)";

    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9._%:-]+");

    private final String url;
    private String schemeName = "";
    private String login = "";
    private String authority = "";
    private String path = "";

    private RedisUrl(String url) {
        this.url = url;
    }

    static RedisConfig parse(String url) {
        Objects.requireNonNull(url, "redis url");
        return new RedisUrl(url.strip()).config();
    }

    private RedisConfig config() {
        int sep = url.indexOf("://");
        if (sep < 0) {
            throw fail("no scheme; " + FORMS);
        }
        schemeName = url.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = url.substring(sep + 3);
        int queryAt = rest.indexOf('?');
        String query = queryAt < 0 ? "" : rest.substring(queryAt + 1);
        String beforeQuery = queryAt < 0 ? rest : rest.substring(0, queryAt);
        int at = beforeQuery.lastIndexOf('@');
        login = at < 0 ? "" : beforeQuery.substring(0, at);
        String hostsAndPath = beforeQuery.substring(at + 1);
        int slash = hostsAndPath.indexOf('/');
        authority = slash < 0 ? hostsAndPath : hostsAndPath.substring(0, slash);
        path = slash < 0 ? "" : hostsAndPath.substring(slash + 1);

        RedisConfig.Builder b = RedisConfig.builder();
        Mode mode = scheme(b);
        b.mode(mode).nodes(nodes(mode == Mode.SENTINEL ? RedisConfig.DEFAULT_SENTINEL_PORT : RedisConfig.DEFAULT_PORT));
        credentials(b);
        switch (mode) {
            case STANDALONE -> b.database(database(path, "path"));
            case SENTINEL -> {
                if (path.isEmpty() || path.contains("/")) {
                    throw fail("a Sentinel URL names its master after the hosts: .../mastername");
                }
                b.masterName(decode(path));
            }
            case CLUSTER -> {
                if (!path.isEmpty()) {
                    throw fail("a Cluster URL has no path (Redis Cluster has only database 0)");
                }
            }
        }
        query(b, mode, query);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    private Mode scheme(RedisConfig.Builder b) {
        switch (schemeName) {
            case "redis", "rediss" -> {
                b.ssl(schemeName.equals("rediss"));
                return Mode.STANDALONE;
            }
            case "redis-sentinel", "rediss-sentinel" -> {
                b.ssl(schemeName.startsWith("rediss"));
                return Mode.SENTINEL;
            }
            case "redis-cluster", "rediss-cluster" -> {
                b.ssl(schemeName.startsWith("rediss"));
                return Mode.CLUSTER;
            }
            default -> throw fail("unknown scheme; " + FORMS);
        }
    }

    private List<Node> nodes(int defaultPort) {
        if (authority.isEmpty()) {
            throw fail("no host");
        }
        List<Node> nodes = new ArrayList<>();
        String[] hosts = authority.split(",", -1);
        for (int i = 0; i < hosts.length; i++) {
            nodes.add(node(hosts[i].strip(), defaultPort, "host " + (i + 1)));
        }
        if (nodes.size() > 1 && schemeName.matches("rediss?")) {
            throw fail("several hosts need redis-sentinel:// or redis-cluster://");
        }
        return nodes;
    }

    private Node node(String hostPort, int defaultPort, String which) {
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw fail("unclosed '[' in " + which);
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                throw fail("unexpected text after the ']' of " + which);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw fail(which + " is empty");
        }
        if (!HOST.matcher(host).matches()) {
            throw fail(which + " is not a host name or IP address");
        }
        try {
            return new Node(host, port == null ? defaultPort : Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw fail("the port of " + which + " is not a number");
        } catch (IllegalArgumentException e) {
            throw fail("the port of " + which + " must be 1..65535");
        }
    }

    private void credentials(RedisConfig.Builder b) {
        if (login.isEmpty()) {
            return;
        }
        String[] parts = login.split(":", 2);
        b.credentials(parts[0].isEmpty() ? null : decode(parts[0]), parts.length > 1 ? decode(parts[1]) : null);
    }

    private void query(RedisConfig.Builder b, Mode mode, String query) {
        String sentinelUser = null;
        String sentinelPassword = null;
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            String value = kv.length > 1 ? decode(kv[1]) : "";
            switch (kv[0]) {
                case "db" -> {
                    if (mode != Mode.SENTINEL) {
                        throw fail("?db= is for Sentinel URLs; a redis:// URL gives the database as its path");
                    }
                    b.database(database(value, "db"));
                }
                case "sentinelUser", "sentinelPassword" -> {
                    if (mode != Mode.SENTINEL) {
                        throw fail("?" + kv[0] + "= is for Sentinel URLs only");
                    }
                    if (kv[0].equals("sentinelUser")) {
                        sentinelUser = value;
                    } else {
                        sentinelPassword = value;
                    }
                }
                default -> throw fail("unknown parameter (known: db, sentinelUser, sentinelPassword)");
            }
        }
        if (sentinelUser != null || sentinelPassword != null) {
            b.sentinelCredentials(sentinelUser, sentinelPassword);
        }
    }

    private int database(String value, String where) {
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw fail("the database (" + where + ") must be a number");
        }
    }

    /** Percent-decoding that keeps '+' (URLDecoder alone would turn it into a space in a password). */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw fail("a %-escape is malformed (write % itself as %25)"); // the decoder's message quotes the input
        }
    }

    private static IllegalArgumentException fail(String reason) {
        return new IllegalArgumentException(RedisConfig.URL_ERROR + reason);
    }
}
