package dev.drover.testing.bullmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BullMQ {@code Queue} (plus its workers, QueueEvents and job schedulers) living in a {@link NodeBullmq}
 * process. Each request carries the url, prefix and queue name; the driver keeps one {@code Queue} object per
 * (connection, prefix, name).
 *
 * <p>JSON arguments are given as JSON text ({@code String}) or as Jackson trees ({@link JsonNode}; see
 * {@link NodeBullmq#tree(Object)} for maps and lists). Anything not covered here is reachable with
 * {@link #call(String, Object...)} / {@link #callJob(String, String, Object...)}.
 */
public final class NodeQueue {

    private final NodeBullmq node;
    private final RedisTarget target;
    private final String name;

    NodeQueue(NodeBullmq node, String url, String prefix, String name) {
        this.node = node;
        this.target = new RedisTarget(url, prefix);
        this.name = name;
    }

    /** The queue name. */
    public String name() {
        return name;
    }

    /** The key prefix, or {@code null} for BullMQ's default ({@code bull}). */
    public String prefix() {
        return target.prefix();
    }

    /** The Redis url. */
    public String url() {
        return target.url();
    }

    /** The driver process this queue lives in. */
    public NodeBullmq node() {
        return node;
    }

    /** A request for {@code op} on this queue (url, prefix and queue already set). */
    public ObjectNode newRequest(String op) {
        return target.stamp(node.newRequest(op)).put("queue", name);
    }

    private JsonNode send(ObjectNode req) {
        return node.request(req);
    }

    // ------------------------------------------------------------------------------------------------
    // Adding and reading jobs

    /**
     * Re-creates the driver's {@code Queue} object with constructor options (e.g.
     * {@code {"defaultJobOptions":{...},"streams":{"events":{"maxLen":100}}}}); later calls use it.
     */
    public NodeQueue open(String queueOptsJson) {
        send((ObjectNode) newRequest("openQueue").set("opts", NodeBullmq.parse(queueOptsJson)));
        return this;
    }

    /** {@code queue.add(name, data, opts)} with JSON texts; {@code optsJson} may be {@code null}. */
    public NodeJob add(String jobName, String dataJson, String optsJson) {
        return add(jobName, NodeBullmq.parse(dataJson), NodeBullmq.parse(optsJson));
    }

    /** {@code queue.add(name, data, opts)}; returns the job as read back with its state. */
    public NodeJob add(String jobName, JsonNode data, JsonNode opts) {
        ObjectNode req = newRequest("add").put("name", jobName);
        req.set("data", data == null ? NodeBullmq.parse(null) : data);
        req.set("opts", opts == null ? NodeBullmq.parse(null) : opts);
        return new NodeJob(send(req));
    }

    /** {@code queue.addBulk(jobs)}: a JSON array of {@code {"name":..,"data":..,"opts":..}}. */
    public List<NodeJob> addBulk(String jobsJson) {
        return addBulk(NodeBullmq.parse(jobsJson));
    }

    /** {@code queue.addBulk(jobs)}: an array of {@code {"name":..,"data":..,"opts":..}}. */
    public List<NodeJob> addBulk(JsonNode jobs) {
        return jobs(send((ObjectNode) newRequest("addBulk").set("jobs", jobs)));
    }

    /** {@code queue.getJob(id)}, with {@code job.getState()}; empty when there is no such job. */
    public Optional<NodeJob> getJob(String jobId) {
        JsonNode r = send(newRequest("getJob").put("jobId", jobId));
        return r.isNull() ? Optional.empty() : Optional.of(new NodeJob(r));
    }

    /** {@code queue.getJobState(id)}: {@code waiting}, {@code active}, …, or {@code unknown}. */
    public String getJobState(String jobId) {
        return send(newRequest("getJobState").put("jobId", jobId)).asText();
    }

    /** {@code queue.getJobCounts(...types)} (all types when none given). */
    public Map<String, Long> getJobCounts(String... types) {
        ObjectNode req = newRequest("getJobCounts");
        ArrayNode t = req.putArray("types");
        for (String type : types) {
            t.add(type);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        send(req).properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    /** {@code queue.getJobs(types, start, end, asc)}. */
    public List<NodeJob> getJobs(List<String> types, int start, int end, boolean asc) {
        ObjectNode req = newRequest("getJobs").put("start", start).put("end", end).put("asc", asc);
        req.set("types", NodeBullmq.tree(types));
        return jobs(send(req));
    }

    /** {@code queue.getJobLogs(id)}: {@code {"logs":[...],"count":n}}. */
    public JsonNode getJobLogs(String jobId) {
        return send(newRequest("getJobLogs").put("jobId", jobId));
    }

    // ------------------------------------------------------------------------------------------------
    // Queue operations

    /** {@code queue.pause()}. */
    public void pause() {
        send(newRequest("pause"));
    }

    /** {@code queue.resume()}. */
    public void resume() {
        send(newRequest("resume"));
    }

    /** {@code queue.isPaused()}. */
    public boolean isPaused() {
        return send(newRequest("isPaused")).asBoolean();
    }

    /** {@code queue.retryJobs(opts)}, e.g. {@code {"state":"failed","count":1000,"timestamp":...}}. */
    public void retryJobs(String optsJson) {
        send((ObjectNode) newRequest("retryJobs").set("opts", NodeBullmq.parse(optsJson)));
    }

    /** {@code queue.promoteJobs(opts)}, e.g. {@code {"count":1000}}. */
    public void promoteJobs(String optsJson) {
        send((ObjectNode) newRequest("promoteJobs").set("opts", NodeBullmq.parse(optsJson)));
    }

    /**
     * {@code queue.clean(grace, limit, type)}: removes up to {@code limit} (0 = all) jobs of {@code type}
     * older than {@code graceMs}; returns the removed ids.
     */
    public List<String> clean(long graceMs, int limit, String type) {
        List<String> ids = new ArrayList<>();
        send(newRequest("clean").put("grace", graceMs).put("limit", limit).put("type", type))
                .forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** {@code queue.drain(delayed)}. */
    public void drain(boolean delayed) {
        send(newRequest("drain").put("delayed", delayed));
    }

    /** {@code queue.obliterate({force})}. */
    public void obliterate(boolean force) {
        ObjectNode req = newRequest("obliterate");
        req.putObject("opts").put("force", force);
        send(req);
    }

    /** {@code queue.getWorkers()}: CLIENT LIST entries of the queue's workers (name, addr, rawname …). */
    public JsonNode getWorkers() {
        return send(newRequest("getWorkers"));
    }

    /** {@code queue.getMetrics(type, start, end)}: {@code {"meta":{count,prevTS,prevCount},"data":[...],"count":n}}. */
    public JsonNode getMetrics(String type, int start, int end) {
        return send(newRequest("getMetrics").put("type", type).put("start", start).put("end", end));
    }

    // ------------------------------------------------------------------------------------------------
    // Job schedulers

    /**
     * {@code queue.upsertJobScheduler(id, repeatOpts, template)}; returns the first job it created.
     *
     * @param repeatJson e.g. {@code {"pattern":"0 * * * * *","tz":"Europe/Berlin"}} or {@code {"every":1000}}
     * @param templateJson {@code {"name":..,"data":..,"opts":..}}, or {@code null}
     */
    public NodeJob upsertJobScheduler(String schedulerId, String repeatJson, String templateJson) {
        ObjectNode req = newRequest("upsertJobScheduler").put("schedulerId", schedulerId);
        req.set("repeat", NodeBullmq.parse(repeatJson));
        req.set("template", NodeBullmq.parse(templateJson));
        JsonNode r = send(req);
        return r.isNull() ? null : new NodeJob(r);
    }

    /** {@code queue.getJobScheduler(id)}, or a JSON null node. */
    public JsonNode getJobScheduler(String schedulerId) {
        return send(newRequest("getJobScheduler").put("schedulerId", schedulerId));
    }

    /** {@code queue.getJobSchedulers(start, end, asc)}. */
    public JsonNode getJobSchedulers(int start, int end, boolean asc) {
        return send(newRequest("getJobSchedulers").put("start", start).put("end", end).put("asc", asc));
    }

    /** {@code queue.getJobSchedulersCount()}. */
    public long getJobSchedulersCount() {
        return send(newRequest("getJobSchedulersCount")).asLong();
    }

    /** {@code queue.removeJobScheduler(id)}. */
    public boolean removeJobScheduler(String schedulerId) {
        return send(newRequest("removeJobScheduler").put("schedulerId", schedulerId)).asBoolean();
    }

    // ------------------------------------------------------------------------------------------------
    // Generic calls

    /**
     * Calls {@code queue[method](...args)} and returns the result as JSON (Jobs become job JSON with state).
     * Arguments are converted with Jackson; pass {@link JsonNode}s for JSON values.
     */
    public JsonNode call(String method, Object... args) {
        ObjectNode req = newRequest("call").put("target", "queue").put("method", method);
        req.set("args", NodeBullmq.tree(args));
        return send(req);
    }

    /**
     * Fetches the job with {@code queue.getJob(id)} and calls {@code job[method](...args)}, e.g.
     * {@code callJob(id, "promote")}, {@code callJob(id, "changePriority", Map.of("priority", 3))},
     * {@code callJob(id, "remove")}, {@code callJob(id, "retry", "failed")}.
     */
    public JsonNode callJob(String jobId, String method, Object... args) {
        ObjectNode req = newRequest("call").put("target", "job").put("jobId", jobId).put("method", method);
        req.set("args", NodeBullmq.tree(args));
        return send(req);
    }

    // ------------------------------------------------------------------------------------------------
    // Workers and events

    /** Starts a Node {@code Worker} with this concurrency and no other options. */
    public NodeWorker startWorker(int concurrency) {
        return startWorker(concurrency, null, null);
    }

    /**
     * Starts a Node {@code Worker} on this queue. Its processor follows each job's {@code data.__behave}
     * (see {@link Behave}), else {@code defaultBehaviourJson}, else returns {@code null}.
     *
     * @param workerOptsJson BullMQ worker options, e.g. {@code {"name":"n1","lockDuration":5000,
     *     "stalledInterval":1000,"limiter":{"max":10,"duration":1000}}}; {@code "metrics":true} turns on
     *     per-minute metrics (two weeks of data points); {@code null} for none
     * @param defaultBehaviourJson a {@link Behave} object for jobs without {@code __behave}, or {@code null}
     */
    public NodeWorker startWorker(int concurrency, String workerOptsJson, String defaultBehaviourJson) {
        ObjectNode req = newRequest("workerStart").put("concurrency", concurrency);
        req.set("opts", NodeBullmq.parse(workerOptsJson));
        if (defaultBehaviourJson != null) {
            req.set("behaviour", NodeBullmq.parse(defaultBehaviourJson));
        }
        String id = send(req).path("workerId").asText();
        return new NodeWorker(node, this, id);
    }

    /**
     * Starts a BullMQ {@code QueueEvents} that forwards every entry of the queue's events stream. It reads from
     * the stream's end as of this call, so every event of anything done after it returns is seen.
     */
    public NodeQueueEvents startQueueEvents() {
        JsonNode r = send(newRequest("eventsStart"));
        return new NodeQueueEvents(node, this, r.path("eventsId").asText());
    }

    /** Waits for the {@code processed} event of a Node worker for this job. */
    public NodeEvent awaitProcessed(String jobId, Duration timeout) {
        String p = target.effectivePrefix();
        return node.awaitEvent(e -> "processed".equals(e.event()) && name.equals(e.queue()) && p.equals(e.prefix())
                && jobId.equals(e.jobId()), timeout);
    }

    private static List<NodeJob> jobs(JsonNode arr) {
        List<NodeJob> out = new ArrayList<>();
        arr.forEach(n -> out.add(new NodeJob(n)));
        return out;
    }

    @Override
    public String toString() {
        return "NodeQueue[" + target.effectivePrefix() + ":" + name + " @ " + target.url() + "]";
    }
}
