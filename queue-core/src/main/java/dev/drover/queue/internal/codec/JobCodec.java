package dev.drover.queue.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes a job hash (HGETALL, or the flat field/value list a script returns) into a {@link JobRecord}, reading
 * what Node bullmq writes as well as what Drover writes: {@code atm} with the legacy {@code attemptsMade} as a
 * fallback, numbers stored as strings, a stacktrace that Lua's cjson may have turned from [] into {}.
 */
public final class JobCodec {

    private JobCodec() {
    }

    /** Turns a script's flat reply [field, value, field, value...] into a map. */
    public static Map<String, String> fromFlat(List<?> flat) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return map;
    }

    public static JobRecord decode(String id, Map<String, String> h) {
        String rawData = h.getOrDefault("data", "{}");
        JsonNode data = null;
        String dataError = null;
        try {
            data = Json.read(rawData);
        } catch (IllegalArgumentException e) {
            dataError = "job data is not valid JSON: " + e.getMessage();
        }
        String rawOpts = h.getOrDefault("opts", "{}");
        return new JobRecord(id, h.getOrDefault("name", ""), rawData, data, dataError, rawOpts,
                OptionsCodec.fromJson(Json.readLenient(rawOpts)), longOr(h.get("timestamp"), 0L),
                longOr(h.get("processedOn"), null), longOr(h.get("finishedOn"), null), longOr(h.get("delay"), 0L),
                (int) (long) longOr(h.get("priority"), 0L), attemptsMade(h), (int) (long) longOr(h.get("ats"), 0L),
                (int) (long) longOr(h.get("stc"), 0L), Json.readLenient(h.get("progress")),
                Json.readLenient(h.get("returnvalue")), h.get("failedReason"), stacktrace(h.get("stacktrace")),
                h.get("parentKey"), h.get("pb"), h.get("defa"), h.get("rjk"));
    }

    private static int attemptsMade(Map<String, String> h) {
        String atm = h.get("atm");
        return (int) (long) longOr(atm != null ? atm : h.get("attemptsMade"), 0L);
    }

    private static Long longOr(String s, Long fallback) {
        if (s == null || s.isEmpty()) {
            return fallback;
        }
        try {
            return (long) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static List<String> stacktrace(String raw) {
        List<String> out = new ArrayList<>();
        JsonNode n = Json.readLenient(raw);
        if (n != null && n.isArray()) {
            n.forEach(e -> out.add(e.isTextual() ? e.asText() : e.toString()));
        }
        return List.copyOf(out);
    }
}
