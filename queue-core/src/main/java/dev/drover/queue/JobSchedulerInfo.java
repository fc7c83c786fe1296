package dev.drover.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.internal.codec.Json;
import java.util.Map;

/**
 * A job scheduler as stored, whoever wrote it: its id, its next slot (the score in {@code P:Q:repeat}) and the raw
 * fields of {@code P:Q:repeat:<id>} (name, pattern|every, tz, limit, startDate, endDate, offset, opts, data, ic),
 * with typed accessors over them.
 */
public record JobSchedulerInfo(String id, long nextMillis, Map<String, String> fields) {

    public JobSchedulerInfo {
        fields = Map.copyOf(fields);
    }

    /** From a {@code repeat} zset entry and its hash. */
    public static JobSchedulerInfo of(String id, double nextScore, Map<String, String> fields) {
        return new JobSchedulerInfo(id, (long) nextScore, fields);
    }

    /** The template job name (BullMQ defaults it to the scheduler id). */
    public String name() { return fields.getOrDefault("name", id); }
    public String pattern() { return fields.get("pattern"); }
    public String tz() { return fields.get("tz"); }
    /** The interval in ms of an {@code every} scheduler, else null. */
    public Long every() { return number(fields.get("every")); }
    public Integer limit() { Long l = number(fields.get("limit")); return l == null ? null : l.intValue(); }
    public Long startDate() { return number(fields.get("startDate")); }
    public Long endDate() { return number(fields.get("endDate")); }
    /** Jobs made so far ({@code ic}), null when not recorded. */
    public Long iterations() { return number(fields.get("ic")); }
    /** The template's data JSON, or null. */
    public JsonNode templateData() { return Json.readLenient(fields.get("data")); }
    /** The template's opts JSON, or null. */
    public JsonNode templateOpts() { return Json.readLenient(fields.get("opts")); }

    private static Long number(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return (long) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
