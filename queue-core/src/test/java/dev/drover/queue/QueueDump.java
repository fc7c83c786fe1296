package dev.drover.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.Tuple;

/**
 * Every key of one queue with its type and content, comparable across two queues that went through the same steps
 * (one driven by Node bullmq, one by Drover): key names are relative to the queue, clock values (13-digit
 * millisecond numbers, delayed scores) read {@code <ms>}, lock tokens {@code <token>}, and fields that name the
 * client rather than the state are left out: a job's stacktrace (a process's own text) and meta's {@code version}
 * (BullMQ writes {@code bullmq:<version>} there, Drover nothing). A test aid for single edge rules, not a
 * differential harness.
 */
final class QueueDump {

    private static final Pattern MILLIS = Pattern.compile("\\b1\\d{12}\\b");

    private QueueDump() {
    }

    /**
     * The queue {@code side + "-" + queue}, its own and every other {@code side-} queue name in keys and values
     * read as {@code S-} (the two sides' queues are named {@code n-...} and {@code d-...}), without {@code skip}
     * keys (e.g. ones a known, unrelated difference touches).
     */
    static Map<String, String> of(Jedis jedis, String prefix, String side, String queue, String... skip) {
        String base = prefix + ":" + side + "-" + queue + ":";
        Map<String, String> out = new TreeMap<>();
        for (String key : keys(jedis, base)) {
            String name = key.substring(base.length());
            if (!List.of(skip).contains(name)) {
                out.put(name, String.valueOf(content(jedis, key)).replace(prefix + ":" + side + "-", prefix + ":S-"));
            }
        }
        return out;
    }

    private static List<String> keys(Jedis jedis, String base) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> r = jedis.scan(cursor, new ScanParams().match(base + "*").count(1000));
            keys.addAll(r.getResult());
            cursor = r.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    private static Object content(Jedis jedis, String key) {
        return switch (jedis.type(key)) {
            case "string" -> key.endsWith(":lock") ? "<token>" : norm(jedis.get(key));
            case "hash" -> {
                Map<String, String> h = new TreeMap<>();
                jedis.hgetAll(key).forEach((f, v) -> {
                    if (!f.equals("stacktrace") && !(key.endsWith(":meta") && f.equals("version"))) h.put(f, norm(v));
                });
                yield h;
            }
            case "list" -> jedis.lrange(key, 0, -1).stream().map(QueueDump::norm).toList();
            case "set" -> new java.util.TreeSet<>(jedis.smembers(key));
            case "zset" -> jedis.zrangeWithScores(key, 0, -1).stream().map(QueueDump::member).toList();
            case "stream" -> jedis.xrange(key, "-", "+").stream().map(StreamEntry::getFields)
                    .map(f -> { Map<String, String> m = new TreeMap<>(); f.forEach((k, v) -> m.put(k, norm(v))); return m; })
                    .toList();
            default -> "?" + jedis.type(key);
        };
    }

    private static String member(Tuple t) {
        return t.getElement() + "=" + (t.getScore() > 1e12 ? "<ms>" : String.valueOf((long) t.getScore()));
    }

    private static String norm(String v) {
        return v == null ? null : MILLIS.matcher(v).replaceAll("<ms>");
    }
}
