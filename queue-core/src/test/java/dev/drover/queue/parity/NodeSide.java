package dev.drover.queue.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.testing.ManualClock;
import dev.drover.testing.bullmq.NodeBullmq;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.Jedis;

/**
 * The real bullmq (in a {@link NodeBullmq} driver process) carrying out {@link Op}s on one prefix. Workers are
 * bullmq Workers without processor driven through the driver's manual ops, which end attempts as the worker's own
 * processJob does; the driver's clock is set to the run's {@link ManualClock} before every step, and its
 * Math.random to the step's value for a failing attempt (backoff jitter).
 */
final class NodeSide extends Side {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final NodeBullmq node;
    private final String url;
    private final ManualClock clock;
    private final Set<String> workers = new HashSet<>();
    private long clockSent = Long.MIN_VALUE;

    NodeSide(NodeBullmq node, String url, String prefix, ManualClock clock, int maxStalledCount) {
        super(new Jedis(java.net.URI.create(url)), prefix, maxStalledCount);
        this.node = node;
        this.url = url;
        this.clock = clock;
    }

    private ObjectNode req(String op, String queue) {
        ObjectNode r = node.queue(url, prefix, queue).newRequest(op);
        r.put("withState", false);
        return r;
    }

    private JsonNode send(ObjectNode r) {
        return node.request(r);
    }

    private void syncClock() {
        long now = clock.millis();
        if (now != clockSent) {
            node.request(node.newRequest("setClock").put("ms", now));
            clockSent = now;
        }
    }

    @Override
    String run(Op op) {
        syncClock();
        String expired = simulateExpiry(op);
        if (expired != null) {
            return expired;
        }
        return switch (op) {
            case Op.Add a -> send(req("add", a.queue()).put("name", a.name()).<ObjectNode>set("data", data(a.dataJson()))
                    .<ObjectNode>set("opts", a.spec().toNode())).path("id").asText();
            case Op.AddBulk b -> {
                ArrayNode jobs = F.arrayNode();
                b.jobs().forEach(a -> jobs.addObject().put("name", a.name()).<ObjectNode>set("data", data(a.dataJson()))
                        .set("opts", a.spec().toNode()));
                List<String> ids = new ArrayList<>();
                send(req("addBulk", b.queue()).<ObjectNode>set("jobs", jobs)).forEach(j -> ids.add(j.path("id").asText()));
                yield ids.toString();
            }
            case Op.AddFlow f -> send(req("flowAdd", f.root().queue()).<ObjectNode>set("flow", flow(f.root())))
                    .path("job").path("id").asText();
            case Op.Fetch f -> fetch(f);
            case Op.Complete c -> settle(c.token(), "complete", c.fetchNext(), r -> r.set("value", data(c.returnJson())));
            case Op.Fail f -> fail(f);
            case Op.FinishBatch b -> finishBatch(b);
            case Op.MoveToDelayed d -> settle(d.token(), "delay", false,
                    r -> r.put("timestamp", clock.millis() + d.delayMs()));
            case Op.RateLimit l -> settle(l.token(), "rateLimit", false, r -> r.put("ms", l.ms()));
            case Op.StalledCheck s -> {
                openStalledGate(s.queue());
                String w = worker(s.queue(), CHECKER);
                yield send(node.newRequest("call").put("target", "worker").put("workerId", w)
                        .put("method", "moveStalledJobsToWait")).toString();
            }
            case Op.Remove r -> callQueue(r.queue(), "remove", F.textNode(resolve(r.queue(), r.job())));
            case Op.Drain d -> send(req("drain", d.queue()).put("delayed", d.delayed())).toString();
            case Op.Clean c -> send(req("clean", c.queue()).put("grace", c.graceMs()).put("limit", c.limit())
                    .put("type", c.state())).toString();
            case Op.RetryJobs r -> send(req("retryJobs", r.queue()).set("opts", F.objectNode().put("state", r.state())))
                    .toString();
            case Op.RetryJob r -> callJob(r.queue(), r.job(), "retry", F.textNode(r.state()));
            case Op.Promote p -> callJob(p.queue(), p.job(), "promote");
            case Op.PromoteJobs p -> send(req("promoteJobs", p.queue())).toString();
            case Op.ChangeDelay c -> callJob(c.queue(), c.job(), "changeDelay", F.numberNode(c.delayMs()));
            case Op.ChangePriority c -> callJob(c.queue(), c.job(), "changePriority",
                    F.objectNode().put("priority", c.priority()).put("lifo", c.lifo()));
            case Op.UpdateData u -> callJob(u.queue(), u.job(), "updateData", data(u.dataJson()));
            case Op.Pause p -> send(req("pause", p.queue())).toString();
            case Op.Resume r -> send(req("resume", r.queue())).toString();
            case Op.Obliterate o -> send(req("obliterate", o.queue()).set("opts", F.objectNode().put("force", o.force())))
                    .toString();
            case Op.UpsertScheduler u -> upsertScheduler(u);
            case Op.RemoveScheduler r -> send(req("removeJobScheduler", r.queue()).put("schedulerId", r.id())).toString();
            case Op.Advance a -> null;
            default -> throw new IllegalStateException("unhandled op " + op);
        };
    }

    private static JsonNode data(String json) {
        return NodeBullmq.parse(json);
    }

    private ObjectNode flow(Op.FlowNode n) {
        ObjectNode o = F.objectNode().put("name", n.name()).put("queueName", n.queue());
        o.set("data", data(n.dataJson()));
        o.set("opts", n.spec().toNode());
        if (!n.children().isEmpty()) {
            ArrayNode children = o.putArray("children");
            n.children().forEach(c -> children.add(flow(c)));
        }
        return o;
    }

    private String worker(String queue, String name) {
        // the url too: a mixed run drives two bullmq sides on the same prefix (in two databases) from one driver
        String id = url + "|" + prefix + "/" + queue + "/" + name;
        if (workers.add(id)) {
            ObjectNode opts = F.objectNode().put("name", name).put("lockDuration", LOCK_MS)
                    .put("stalledInterval", STALLED_INTERVAL_MS).put("maxStalledCount", maxStalledCount);
            send(req("manualWorkerStart", queue).put("workerId", id).set("opts", opts));
        }
        return id;
    }

    private String fetch(Op.Fetch f) {
        String w = worker(f.queue(), f.worker());
        JsonNode job = send(node.newRequest("manualFetch").put("workerId", w).put("token", f.token()));
        return hold(f.token(), f.queue(), f.worker(), job);
    }

    private String hold(String token, String queue, String worker, JsonNode job) {
        if (job == null || job.isNull() || job.isMissingNode()) {
            slots.remove(token);
            return null;
        }
        JsonNode defa = job.path("deferredFailure");
        slots.put(token, new Held(queue, worker, job.path("id").asText(), defa.isTextual() ? defa.asText() : null));
        return job.path("id").asText();
    }

    private String fail(Op.Fail f) {
        node.request(node.newRequest("setRandom").put("value", f.random()));
        try {
            return settle(f.token(), "fail", f.fetchNext(),
                    r -> r.put("message", f.message()).put("unrecoverable", f.unrecoverable()));
        } finally {
            node.request(node.newRequest("setRandom").putNull("value"));
        }
    }

    /** bullmq has no batch: the items one call at a time, in order, after the items' locks expired. */
    private String finishBatch(Op.FinishBatch b) {
        b.items().stream().filter(Op.Settle::loseLock).forEach(i -> simulateExpiry(new Op.LoseLock(i.token())));
        node.request(node.newRequest("setRandom").put("value", b.random()));
        try {
            List<String> out = new ArrayList<>();
            for (Op.Settle i : b.items()) {
                try {
                    out.add(i.complete()
                            ? settle(i.token(), "complete", i.fetchNext(), r -> r.set("value", data(i.returnJson())))
                            : settle(i.token(), "fail", i.fetchNext(),
                                    r -> r.put("message", i.message()).put("unrecoverable", i.unrecoverable())));
                } catch (RuntimeException e) {
                    out.add("error: " + e.getMessage());
                }
            }
            return out.toString();
        } finally {
            node.request(node.newRequest("setRandom").putNull("value"));
        }
    }

    /**
     * Ends the attempt held under {@code token} as bullmq's worker would: a job with a deferred failure is failed
     * (unrecoverably, with that reason) whatever the step asked for, since the worker never runs its processor.
     */
    private String settle(String token, String action, boolean fetchNext, java.util.function.Consumer<ObjectNode> args) {
        Held h = slots.get(token);
        if (h == null) {
            return "no slot";
        }
        ObjectNode r = node.newRequest("manualSettle").put("workerId", worker(h.queue(), h.worker())).put("token", token);
        if (h.deferredFailure() != null) {
            r.put("action", "fail").put("message", h.deferredFailure()).put("unrecoverable", true)
                    .put("fetchNext", action.equals("complete") || action.equals("fail") ? fetchNext : false);
        } else {
            r.put("action", action).put("fetchNext", fetchNext);
            args.accept(r);
        }
        slots.remove(token);
        JsonNode next = send(r).path("next");
        return hold(token, h.queue(), h.worker(), next);
    }

    private String callQueue(String queue, String method, JsonNode... args) {
        ObjectNode r = req("call", queue).put("target", "queue").put("method", method);
        ArrayNode a = r.putArray("args");
        for (JsonNode n : args) a.add(n);
        return send(r).toString();
    }

    private String callJob(String queue, Op.Ref ref, String method, JsonNode... args) {
        ObjectNode r = req("call", queue).put("target", "job").put("jobId", resolve(queue, ref)).put("method", method);
        ArrayNode a = r.putArray("args");
        for (JsonNode n : args) a.add(n);
        return send(r).toString();
    }

    private String upsertScheduler(Op.UpsertScheduler u) {
        ObjectNode repeat = F.objectNode();
        if (u.everyMs() > 0) {
            repeat.put("every", u.everyMs());
        } else {
            repeat.put("pattern", u.pattern()).put("tz", "UTC");
        }
        if (u.limit() != null) repeat.put("limit", u.limit());
        ObjectNode template = F.objectNode().put("name", u.name());
        template.set("data", data(u.dataJson()));
        template.set("opts", u.template().toNode());
        JsonNode job = send(req("upsertJobScheduler", u.queue()).put("schedulerId", u.id()).<ObjectNode>set("repeat", repeat)
                .set("template", template));
        return job.path("id").asText();
    }

    /** Closes this run's bullmq objects in the driver (queues, workers, flow producers). */
    @Override
    public void close() {
        try {
            node.request(node.newRequest("closeAll"));
        } finally {
            super.close();
        }
    }
}
