package dev.drover.dashboard.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Formatting the templates share: times, ages, JSON, money, URL parameters. Text only; jte escapes it. */
public final class Fmt {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    public static String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    public static String time(OffsetDateTime t) {
        return t == null ? "—" : TIME.format(t);
    }

    /** "4s", "3m 20s", "2h 5m", "3d 4h". */
    public static String age(Duration d) {
        if (d == null) {
            return "—";
        }
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m " + s % 60 + "s";
        if (s < 86_400) return s / 3600 + "h " + s % 3600 / 60 + "m";
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }

    public static String json(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "—";
        }
        try {
            return PRETTY.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            return n.toString();
        }
    }

    /** Pretty JSON of a raw string when it parses, else the string as it is. */
    public static String json(String raw) {
        if (raw == null) {
            return "—";
        }
        try {
            return json(PRETTY.readTree(raw));
        } catch (JsonProcessingException e) {
            return raw;
        }
    }

    public static String money(BigDecimal v) {
        return v == null ? "—" : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    public static String percent(BigDecimal v) {
        return v == null ? "—" : v.setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    /** A value for a query string. */
    public static String q(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    /** A token safe in an element id or SSE event name for any queue name. */
    public static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Whole percent of {@code part} in {@code total}, 0 for an empty total. */
    public static int pct(long part, long total) {
        return total <= 0 ? 0 : (int) Math.min(100, part * 100 / total);
    }
}
