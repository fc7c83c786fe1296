package dev.drover.queue.internal.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.queue.Backoff;
import dev.drover.queue.Deduplication;
import dev.drover.queue.ParentFailurePolicy;
import dev.drover.queue.JobOptions;
import dev.drover.queue.KeepJobs;

/**
 * Job opts in BullMQ's JSON form. Writing uses BullMQ's long names ({@code attempts}, {@code backoff},
 * {@code removeOnComplete}...) and its short key {@code kl} for keepLogs. Reading is lenient, because Node writes
 * these too: backoff may be a number (fixed) or an object, keepJobs a boolean, a number or {count, age}.
 */
public final class OptionsCodec {

    private OptionsCodec() {
    }

    /** The opts BullMQ stores for these options: {@code attempts} always, every other option only when set. */
    public static ObjectNode toJson(JobOptions o) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("attempts", o.attempts());
        if (o.delay() > 0) n.put("delay", o.delay());
        if (o.jobId() != null) n.put("jobId", o.jobId());
        if (o.priority() > 0) n.put("priority", o.priority());
        if (o.lifo()) n.put("lifo", true);
        if (o.backoff() != null) n.set("backoff", backoff(o.backoff()));
        putKeep(n, "removeOnComplete", o.removeOnComplete());
        putKeep(n, "removeOnFail", o.removeOnFail());
        if (o.stackTraceLimit() != null) n.put("stackTraceLimit", o.stackTraceLimit());
        if (o.keepLogs() != null) n.put("kl", o.keepLogs());
        if (o.deduplication() != null) n.set("de", dedup(o.deduplication()));
        if (o.parentFailurePolicy().optsKey() != null) n.put(o.parentFailurePolicy().optsKey(), true);
        return n;
    }

    private static ObjectNode dedup(Deduplication d) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", d.id());
        if (d.ttl() != null) n.put("ttl", d.ttlMillis());
        if (d.extend()) n.put("extend", true);
        if (d.replace()) n.put("replace", true);
        return n;
    }

    static Deduplication readDedup(JsonNode n) {
        JsonNode d = n.has("de") ? n.get("de") : n.get("debounce");
        if (d == null || !d.isObject() || d.path("id").asText("").isBlank()) {
            return null;
        }
        long ttl = d.path("ttl").asLong(0);
        return new Deduplication(d.get("id").asText(), ttl > 0 ? java.time.Duration.ofMillis(ttl) : null,
                ttl > 0 && d.path("extend").asBoolean(false), d.path("replace").asBoolean(false));
    }

    static ParentFailurePolicy readPolicy(JsonNode n) {
        for (ParentFailurePolicy p : ParentFailurePolicy.values()) {
            if (p.optsKey() != null && n.path(p.optsKey()).asBoolean(false)) {
                return p;
            }
        }
        return ParentFailurePolicy.WAIT;
    }

    private static ObjectNode backoff(Backoff b) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("type", b.type()).put("delay", b.delay());
        if (b.jitter() > 0) n.put("jitter", b.jitter());
        return n;
    }

    private static void putKeep(ObjectNode n, String field, KeepJobs keep) {
        if (keep.keepsAll()) {
            return;
        }
        if (keep.equals(KeepJobs.REMOVE_ALL)) {
            n.put(field, true);
        } else if (keep.ageSeconds() == 0) {
            n.put(field, keep.count());
        } else {
            ObjectNode k = n.putObject(field).put("age", keep.ageSeconds());
            if (keep.count() >= 0) k.put("count", keep.count());
        }
    }

    /** Reads opts written by Drover or Node; unknown or malformed fields fall back to defaults. */
    public static JobOptions fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            return JobOptions.DEFAULTS;
        }
        return new JobOptions(text(n, "jobId"), n.path("delay").asLong(0), n.path("priority").asInt(0),
                n.path("lifo").asBoolean(false), Math.max(n.path("attempts").asInt(0), 0), readBackoff(n.get("backoff")),
                readKeep(n.get("removeOnComplete")), readKeep(n.get("removeOnFail")),
                n.has("stackTraceLimit") ? n.get("stackTraceLimit").asInt() : null,
                n.has("kl") ? n.get("kl").asInt() : null, readDedup(n), readPolicy(n));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Backoff readBackoff(JsonNode b) {
        if (b == null || b.isNull()) {
            return null;
        }
        if (b.isNumber()) {
            return Backoff.fixed(Math.max(b.asLong(), 0));
        }
        String type = b.path("type").asText("");
        if (type.isBlank()) {
            return null;
        }
        double jitter = Math.min(Math.max(b.path("jitter").asDouble(0), 0), 1);
        return new Backoff(type, Math.max(b.path("delay").asLong(0), 0), jitter);
    }

    static KeepJobs readKeep(JsonNode k) {
        if (k == null || k.isNull()) {
            return KeepJobs.KEEP_ALL;
        }
        if (k.isBoolean()) {
            return k.asBoolean() ? KeepJobs.REMOVE_ALL : KeepJobs.KEEP_ALL;
        }
        if (k.isNumber()) {
            return new KeepJobs(Math.max(k.asInt(), 0), 0);
        }
        int count = k.has("count") ? Math.max(k.get("count").asInt(), 0) : -1;
        return new KeepJobs(count, Math.max(k.path("age").asLong(0), 0));
    }
}
