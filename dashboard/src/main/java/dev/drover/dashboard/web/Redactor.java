package dev.drover.dashboard.web;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Scrubs known secrets (the Redis and database passwords, the dashboard's own credentials, API keys from the
 * environment) from everything the dashboard sends, whatever put them there: a job's data, an error message, a log
 * line. Also in their HTML-escaped and URL-encoded forms, since templates escape before this runs.
 */
public final class Redactor {

    public static final String MASK = "[redacted]";

    private final List<String> secrets;

    public Redactor(Set<String> secrets) {
        // longest first, so a secret containing another is masked whole
        this.secrets = secrets.stream().flatMap(s -> java.util.stream.Stream.of(s, escaped(s),
                        java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8))).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public String scrub(String text) {
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    private static String escaped(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }
}
