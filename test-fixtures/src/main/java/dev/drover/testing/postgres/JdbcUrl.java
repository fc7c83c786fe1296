package dev.drover.testing.postgres;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The parts of a {@code jdbc:postgresql://} or {@code postgres://} URL a fixture needs. */
record JdbcUrl(String host, int port, String database, String user, String password) {

    static JdbcUrl parse(String url) {
        String plain = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI u = URI.create(plain.replaceFirst("^postgres(ql)?://", "postgres://"));
        Map<String, String> query = query(u.getRawQuery());
        String user = query.getOrDefault("user", "postgres");
        String password = query.getOrDefault("password", "");
        if (u.getRawUserInfo() != null) {
            String[] up = u.getRawUserInfo().split(":", 2);
            user = decode(up[0]);
            password = up.length > 1 ? decode(up[1]) : "";
        }
        String db = u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1);
        return new JdbcUrl(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), db, user, password);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
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
}
