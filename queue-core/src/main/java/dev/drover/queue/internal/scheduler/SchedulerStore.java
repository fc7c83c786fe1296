package dev.drover.queue.internal.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobSchedulerInfo;
import dev.drover.queue.JobTemplate;
import dev.drover.queue.RepeatSpec;
import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.codec.Json;
import dev.drover.queue.internal.codec.OptionsCodec;
import dev.drover.queue.internal.script.SchedulerJob;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Job schedulers in BullMQ's layout: the hash {@code P:Q:repeat:<id>} (name, pattern|every, tz, limit, startDate,
 * endDate, offset, opts, data, ic), the zset {@code P:Q:repeat} (id → next slot) and one job per slot with id
 * {@code repeat:<id>:<slot ms>} and {@code rjk}. Computes slots in Java (see {@link NextSlot}); the scripts only
 * write them, guarded by the job id.
 */
public final class SchedulerStore {

    private final QueueClient client;

    public SchedulerStore(QueueClient client) {
        this.client = client;
    }

    /** Creates or replaces scheduler {@code id}; returns the id of its first job, or empty when it has no slot. */
    public Optional<String> upsert(String id, RepeatSpec spec, JobTemplate template) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("job scheduler id must not be blank");
        }
        long now = client.now();
        NextSlot timing = new NextSlot(spec.pattern(), spec.every() == null ? 0 : spec.every().toMillis(), spec.zone(),
                spec.startDate() == null ? null : spec.startDate().toEpochMilli(),
                spec.endDate() == null ? null : spec.endDate().toEpochMilli());
        OptionalLong first = timing.first(now);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> hash = hash(id, spec, template, first.getAsLong());
        SchedulerJob job = slotJob(id, hash, first.getAsLong(), 1, now);
        return Optional.of((String) client.run(client.scripts().upsertJobScheduler(id, first.getAsLong(),
                Json.write(hash), job), id));
    }

    private static Map<String, String> hash(String id, RepeatSpec spec, JobTemplate t, long first) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("name", t.name() != null ? t.name() : id);
        if (spec.pattern() != null) h.put("pattern", spec.pattern());
        if (spec.every() != null) h.put("every", String.valueOf(spec.every().toMillis()));
        if (spec.tz() != null) h.put("tz", spec.tz());
        if (spec.limit() != null) h.put("limit", String.valueOf(spec.limit()));
        if (spec.startDate() != null) h.put("startDate", String.valueOf(spec.startDate().toEpochMilli()));
        if (spec.endDate() != null) h.put("endDate", String.valueOf(spec.endDate().toEpochMilli()));
        h.put("offset", spec.every() != null ? String.valueOf(first % spec.every().toMillis()) : "0");
        ObjectNode opts = OptionsCodec.toJson(t.opts());
        opts.remove(List.of("delay", "timestamp"));
        h.put("opts", Json.write(opts));
        if (t.data() != null) h.put("data", Json.write(t.data()));
        return h;
    }

    /** The job of slot {@code slot}: the template plus the repeat fields BullMQ puts in its opts. */
    private static SchedulerJob slotJob(String id, Map<String, String> h, long slot, long count, long now) {
        JsonNode stored = Json.readLenient(h.get("opts"));
        ObjectNode opts = stored != null && stored.isObject() ? (ObjectNode) stored.deepCopy()
                : Json.MAPPER.createObjectNode();
        ObjectNode repeat = opts.putObject("repeat");
        for (String f : List.of("pattern", "tz")) {
            if (h.containsKey(f)) repeat.put(f, h.get(f));
        }
        for (String f : List.of("every", "limit", "startDate", "endDate")) {
            if (h.containsKey(f)) repeat.put(f, Long.parseLong(h.get(f)));
        }
        repeat.put("count", count);
        long delay = Math.max(slot - now, 0);
        String jobId = "repeat:" + id + ":" + slot;
        opts.put("repeatJobKey", id).put("jobId", jobId).put("prevMillis", slot).put("timestamp", now)
                .put("delay", delay);
        String data = h.getOrDefault("data", "{}");
        return new SchedulerJob(h.getOrDefault("name", id), data, Json.write(opts), now, delay,
                OptionsCodec.fromJson(opts).priority());
    }

    /**
     * Called by the worker that activated scheduler job {@code job}: writes the next slot's job unless the
     * scheduler is gone, already advanced, out of slots or over its limit. Returns the new job id.
     */
    public Optional<String> advance(Job job) {
        String id = job.schedulerId().orElseThrow();
        Map<String, String> h = client.redis().call(j -> j.hgetAll(client.keys().key("repeat:" + id)));
        long slot = slotOf(job);
        if (h.isEmpty() || slot < 0) {
            return Optional.empty();
        }
        long now = client.now();
        OptionalLong next = timing(h).after(slot, now);
        if (next.isEmpty()) {
            return Optional.empty();
        }
        long count = longOr(h.get("ic"), 0) + 1;
        String r = (String) client.run(client.scripts().advanceJobScheduler(id, slot, next.getAsLong(),
                (int) longOr(h.get("limit"), 0), slotJob(id, h, next.getAsLong(), count, now)), id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r);
    }

    private static long slotOf(Job job) {
        String id = job.id();
        try {
            return Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return -1; // a legacy repeatable job id without a slot: not ours to advance
        }
    }

    private static NextSlot timing(Map<String, String> h) {
        String tz = h.get("tz");
        return new NextSlot(h.get("pattern"), longOr(h.get("every"), 0),
                tz == null || tz.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(tz),
                h.containsKey("startDate") ? longOr(h.get("startDate"), 0) : null,
                h.containsKey("endDate") ? longOr(h.get("endDate"), 0) : null);
    }

    public boolean remove(String id) {
        return (Long) client.run(client.scripts().removeJobScheduler(id), id) == 1;
    }

    public Optional<JobSchedulerInfo> get(String id) {
        Map<String, String> h = client.redis().call(j -> j.hgetAll(client.keys().key("repeat:" + id)));
        Double next = client.redis().call(j -> j.zscore(client.keys().key("repeat"), id));
        return h.isEmpty() || next == null ? Optional.empty() : Optional.of(JobSchedulerInfo.of(id, next, h));
    }

    /** Every scheduler, soonest next slot first. */
    public List<JobSchedulerInfo> list() {
        List<String> ids = client.redis().call(j -> j.zrange(client.keys().key("repeat"), 0, -1));
        return ids.stream().map(this::get).flatMap(Optional::stream).toList();
    }

    private static long longOr(String s, long fallback) {
        try {
            return s == null ? fallback : (long) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
