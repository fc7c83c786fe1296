package dev.drover.queue.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.Tuple;

/**
 * Every key under a prefix, read and normalized for comparison: key name without the prefix → its type and content
 * as lines. Lists keep their order; sets are sorted; zsets are {@code member score} in score order; hashes are
 * {@code field=value} sorted by field; streams are one line per entry, in order.
 *
 * <p>What is normalized (everything else must be equal):
 * <ul>
 *   <li>the prefix itself, in key names and inside values ({@code parentKey}, {@code parent.queueKey},
 *       {@code :dependencies} members, {@code opts.parent.queue}), becomes {@code P};
 *   <li>stream entry ids (Redis assigns them from its own clock) are dropped; entries compare by their fields;
 *   <li>a job's {@code stacktrace} compares by its number of entries (a Node stack and a Java stack never match);
 *   <li>JSON values (data, opts, returnvalue, progress, parent, event fields) compare as JSON, key order aside;
 *   <li>meta's {@code version} ({@code bullmq:<version>}) and a default {@code opts.maxLenEvents} (10000) are
 *       dropped, and a meta left empty counts as absent: every bullmq Queue object writes both when it connects,
 *       whatever it then does, and readers take an absent maxLenEvents as 10000;
 *   <li>of a key's time to live only its presence counts ({@code ttl}): locks, deduplication keys, the limiter and
 *       the stalled-check gate expire on Redis' clock, which the run does not control;
 *   <li>with {@link #V5_PAUSED_AS_WAIT}, bullmq 5's ways that bullmq 6 dropped and Drover does not follow: a
 *       {@code paused} list stands for {@code wait} and an event's {@code prev=paused} for {@code prev=wait} (bullmq 5
 *       parks the jobs of a paused queue there; bullmq 6 and Drover keep them in wait); the legacy
 *       {@code debounced} event bullmq 5 emits next to {@code deduplicated} is dropped, and so is the {@code nrjid}
 *       field it writes on a job scheduler's job when the next one is made.
 * </ul>
 */
final class RedisState {

    /** Normalization flag for bullmq 5 runs: bullmq 5's legacy ways, see the class comment. */
    static final int V5_PAUSED_AS_WAIT = 1;

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private RedisState() {
    }

    /** The normalized state of every key under {@code prefix}. */
    static SortedMap<String, List<String>> snapshot(Jedis jedis, String prefix, int flags) {
        List<String> keys = new ArrayList<>(new TreeSet<>(jedis.keys(prefix + ":*")));
        Map<String, String> types = new LinkedHashMap<>();
        try (Pipeline p = jedis.pipelined()) {
            List<Response<String>> rs = keys.stream().map(p::type).toList();
            p.sync();
            for (int i = 0; i < keys.size(); i++) types.put(keys.get(i), rs.get(i).get());
        }
        Map<String, Response<?>> contents = new LinkedHashMap<>();
        Map<String, Response<Long>> ttls = new LinkedHashMap<>();
        try (Pipeline p = jedis.pipelined()) {
            types.forEach((k, type) -> {
                contents.put(k, switch (type) {
                    case "string" -> p.get(k);
                    case "list" -> p.lrange(k, 0, -1);
                    case "set" -> p.smembers(k);
                    case "zset" -> p.zrangeWithScores(k, 0, -1);
                    case "hash" -> p.hgetAll(k);
                    case "stream" -> p.xrange(k, (StreamEntryID) null, (StreamEntryID) null);
                    default -> throw new IllegalStateException("unexpected type " + type + " of " + k);
                });
                ttls.put(k, p.pttl(k));
            });
            p.sync();
        }
        String pfx = prefix + ":";
        boolean v5 = (flags & V5_PAUSED_AS_WAIT) != 0;
        SortedMap<String, List<String>> out = new TreeMap<>();
        for (String k : keys) {
            String name = k.substring(pfx.length());
            List<String> lines = lines(name, types.get(k), contents.get(k).get(), pfx);
            if (v5) lines = withoutV5Legacy(lines);
            if (ttls.get(k).get() >= 0) lines.add("ttl");
            if (!lines.equals(List.of("hash"))) out.put(name, lines);
        }
        if ((flags & V5_PAUSED_AS_WAIT) != 0) {
            for (String name : List.copyOf(out.keySet())) {
                String wait = name.replaceFirst(":paused$", ":wait");
                if (!wait.equals(name) && !out.containsKey(wait)) out.put(wait, out.remove(name));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> lines(String name, String type, Object content, String pfx) {
        List<String> lines = new ArrayList<>();
        lines.add(type);
        switch (type) {
            case "string" -> lines.add(norm((String) content, pfx));
            case "list" -> ((List<String>) content).forEach(v -> lines.add(norm(v, pfx)));
            case "set" -> new TreeSet<>((java.util.Set<String>) content).forEach(v -> lines.add(norm(v, pfx)));
            case "zset" -> ((List<Tuple>) content).forEach(t -> lines.add(norm(t.getElement(), pfx) + " "
                    + score(t.getScore())));
            case "hash" -> new TreeMap<>((Map<String, String>) content).forEach((f, v) -> {
                if (!(name.endsWith(":meta") && isClientMeta(f, v))) lines.add(norm(f, pfx) + "=" + field(f, v, pfx));
            });
            case "stream" -> ((List<StreamEntry>) content).forEach(e -> {
                StringBuilder b = new StringBuilder();
                new TreeMap<>(e.getFields()).forEach((f, v) -> b.append(f).append('=').append(field(f, v, pfx)).append(' '));
                lines.add(b.toString().trim());
            });
            default -> throw new IllegalStateException(type);
        }
        return lines;
    }

    private static List<String> withoutV5Legacy(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("nrjid=") || line.contains("event=debounced")) continue;
            out.add(line.replace("prev=paused", "prev=wait"));
        }
        return out;
    }

    /** Meta fields every bullmq Queue object writes when it connects, whatever the operation. */
    private static boolean isClientMeta(String field, String value) {
        return field.equals("version") || field.equals("opts.maxLenEvents") && value.equals("10000");
    }

    private static String score(double s) {
        return s == Math.rint(s) && Math.abs(s) < 1e18 ? String.valueOf((long) s) : String.valueOf(s);
    }

    private static String field(String f, String v, String pfx) {
        if (f.equals("stacktrace")) {
            JsonNode n = json(v);
            return n != null && n.isArray() ? "[" + n.size() + " traces]" : norm(v, pfx);
        }
        return norm(v, pfx);
    }

    /** The prefix replaced by P, JSON objects and arrays in canonical form. */
    static String norm(String v, String pfx) {
        if (v == null) return "null";
        String s = v.replace(pfx, "P:");
        if (!s.isEmpty() && (s.charAt(0) == '{' || s.charAt(0) == '[')) {
            JsonNode n = json(s);
            if (n != null) {
                try {
                    return CANONICAL.writeValueAsString(CANONICAL.treeToValue(n, Object.class));
                } catch (Exception e) {
                    return s;
                }
            }
        }
        return s;
    }

    private static JsonNode json(String s) {
        try {
            return CANONICAL.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The differing keys of two snapshots, at most {@code max}: each names the key, then both sides' content
     * ({@code (absent)} when a side lacks it), starting a few lines before the first difference.
     */
    static List<String> diff(SortedMap<String, List<String>> a, SortedMap<String, List<String>> b, String aName,
                             String bName, int max) {
        List<String> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String k : names) {
            List<String> x = a.get(k);
            List<String> y = b.get(k);
            if (Objects.equals(x, y)) continue;
            if (out.size() == max) {
                out.add("... more differing keys");
                break;
            }
            int first = 0;
            while (x != null && y != null && first < Math.min(x.size(), y.size()) && x.get(first).equals(y.get(first))) {
                first++;
            }
            int from = Math.max(first - 2, 0);
            out.add("key " + k + " (first difference at line " + first + ")\n    " + aName + ": " + show(x, from)
                    + "\n    " + bName + ": " + show(y, from));
        }
        return out;
    }

    private static String show(List<String> lines, int from) {
        if (lines == null) return "(absent)";
        List<String> part = lines.subList(Math.min(from, lines.size()), Math.min(from + 8, lines.size()));
        return (from > 0 ? "... " : "") + String.join(" | ", part) + (from + 8 < lines.size() ? " | ..." : "");
    }
}
