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
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Job schedulers in BullMQ's layout: the hash {@code P:Q:repeat:<id>} (name, pattern|every, tz, limit, startDate,
 * endDate, offset, opts, data, ic), the zset {@code P:Q:repeat} (id → next slot) and one job per slot with id
 * {@code repeat:<id>:<slot ms>} and {@code rjk}, whose opts carry the template's options plus {@code repeat}
 * (the schedule and the iteration {@code count}), {@code repeatJobKey}, {@code timestamp} and, for cron,
 * {@code prevMillis}. Cron slots are computed here ({@link NextSlot}); {@code every} slots by the scripts, which
 * need the stored previous slot. The limit and endDate checks run here, before any write, as in BullMQ's client.
 */
public final class SchedulerStore {

    private final QueueClient client;

    public SchedulerStore(QueueClient client) {
        this.client = client;
    }

    /** Creates or replaces scheduler {@code id}; returns the id of its next job, or empty when it has no slot. */
    public Optional<String> upsert(String id, RepeatSpec spec, JobTemplate template) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("job scheduler id must not be blank");
        }
        long now = client.now();
        if (spec.endDate() != null && now > spec.endDate().toEpochMilli()) {
            return Optional.empty();
        }
        Long cronNext = null;
        if (spec.pattern() != null) {
            OptionalLong next = timing(spec).first(now);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            cronNext = Math.max(next.getAsLong(), now);
        }
        ObjectNode templateOpts = templateOpts(template.opts());
        ObjectNode jobOpts = templateOpts.deepCopy();
        jobOpts.set("repeat", repeatOpts(spec).put("count", 1));
        jobOpts.put("timestamp", now).put("repeatJobKey", id);
        if (cronNext != null) jobOpts.put("prevMillis", cronNext);
        String data = Json.write(template.data() == null ? Json.MAPPER.createObjectNode() : template.data());
        ObjectNode fields = repeatOpts(spec).put("name", template.name() != null ? template.name() : id);
        Object r = client.run(client.scripts().upsertJobScheduler(id, cronNext,
                spec.every() == null ? 0 : spec.every().toMillis(),
                spec.startDate() == null ? null : spec.startDate().toEpochMilli(), Json.write(fields),
                Json.write(templateOpts), data, Json.write(jobOpts), now), id);
        return Optional.of((String) r);
    }

    /** The template's options as BullMQ stores them: only what was set (no attempts 0, unlike an added job). */
    private static ObjectNode templateOpts(JobOptions o) {
        ObjectNode opts = OptionsCodec.toJson(o);
        if (o.attempts() == 0) opts.remove("attempts");
        return opts;
    }

    /** The schedule as BullMQ keeps it in the hash and in each job's {@code repeat}. */
    private static ObjectNode repeatOpts(RepeatSpec spec) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        if (spec.pattern() != null) r.put("pattern", spec.pattern());
        if (spec.every() != null) r.put("every", spec.every().toMillis());
        if (spec.tz() != null) r.put("tz", spec.tz());
        if (spec.limit() != null) r.put("limit", spec.limit());
        if (spec.startDate() != null) r.put("startDate", spec.startDate().toEpochMilli());
        if (spec.endDate() != null) r.put("endDate", spec.endDate().toEpochMilli());
        return r;
    }

    /**
     * Called by the worker that activated scheduler job {@code job}: writes the next slot's job, as BullMQ's worker
     * does, unless the job's iteration count reached the limit, the end date passed, the scheduler is gone or this
     * job is not its current slot's. Returns the new job id.
     */
    public Optional<String> advance(Job job) {
        String id = job.schedulerId().orElseThrow();
        JsonNode stored = Json.readLenient(job.rawOpts());
        if (stored == null || !stored.path("repeat").isObject()) {
            return Optional.empty(); // not made by a job scheduler of this layout: nothing to advance
        }
        ObjectNode opts = (ObjectNode) stored.deepCopy();
        ObjectNode repeat = (ObjectNode) opts.get("repeat");
        long count = repeat.path("count").asLong(0) > 0 ? repeat.path("count").asLong() + 1 : 1;
        long now = client.now();
        if (repeat.hasNonNull("limit") && count > repeat.get("limit").asLong()
                || repeat.hasNonNull("endDate") && now > repeat.get("endDate").asLong()) {
            return Optional.empty();
        }
        Long cronNext = null;
        if (repeat.hasNonNull("pattern")) {
            long from = Math.max(now, opts.path("prevMillis").asLong(0));
            OptionalLong next = timing(repeat).first(from);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            cronNext = Math.max(next.getAsLong(), from);
            opts.put("prevMillis", cronNext);
        } else {
            opts.remove("prevMillis");
        }
        repeat.remove("immediately");
        if (!repeat.hasNonNull("every") || repeat.path("offset").asLong(0) == 0) repeat.remove("offset");
        repeat.put("count", count);
        // BullMQ's worker builds the next job's opts from its Job object, which always has attempts (default 0)
        if (!opts.has("attempts")) opts.put("attempts", 0);
        opts.put("timestamp", now).put("repeatJobKey", id);
        String r = (String) client.run(client.scripts().advanceJobScheduler(id, job.id(), cronNext, Json.write(opts),
                now), id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r);
    }

    private static NextSlot timing(RepeatSpec spec) {
        return new NextSlot(spec.pattern(), spec.every() == null ? 0 : spec.every().toMillis(), spec.zone(),
                spec.startDate() == null ? null : spec.startDate().toEpochMilli(),
                spec.endDate() == null ? null : spec.endDate().toEpochMilli());
    }

    private static NextSlot timing(JsonNode repeat) {
        String tz = repeat.path("tz").asText("");
        return new NextSlot(repeat.get("pattern").asText(), 0, tz.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(tz),
                repeat.hasNonNull("startDate") ? repeat.get("startDate").asLong() : null,
                repeat.hasNonNull("endDate") ? repeat.get("endDate").asLong() : null);
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
}
