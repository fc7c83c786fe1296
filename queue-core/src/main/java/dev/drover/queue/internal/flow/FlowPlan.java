package dev.drover.queue.internal.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.queue.FlowJob;
import dev.drover.queue.JobOptions;
import dev.drover.queue.internal.codec.Json;
import dev.drover.queue.internal.codec.OptionsCodec;
import dev.drover.queue.internal.keys.QueueKeys;
import dev.drover.queue.internal.script.FlowLink;
import dev.drover.queue.internal.script.OnceMarker;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.Scripts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a {@link FlowJob} tree into the addJob calls that write it, parents before children, after validating the
 * whole tree (so a bad flow writes nothing). Jobs without a custom id get a random UUID, as BullMQ's FlowProducer
 * does, because a parent must know its children's keys before they exist.
 */
public final class FlowPlan {

    /** One planned job: its queue, its id, the call that adds it and its children's places in the plan, in order. */
    public record Planned(String queueName, String jobId, ScriptCall call, List<Integer> children) {
    }

    private final String prefix;
    private final long now;
    private final String tm;
    private final OnceMarker once;
    private final List<Planned> planned = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    private FlowPlan(String prefix, long now, String tm, OnceMarker once) {
        this.prefix = prefix;
        this.now = now;
        this.tm = tm;
        this.once = once;
    }

    /**
     * Validates {@code root} and plans its calls level by level, as BullMQ's FlowProducer adds a flow: the root, its
     * children in the order given, then their children, and so on (so parents before their children). The root is
     * {@code get(0)} and each job's {@link Planned#children()} index this list in the order the flow gives them.
     * {@code tm} is the trace context stored in every job's opts (null: none).
     */
    public static List<Planned> of(FlowJob root, String prefix, long now, String tm) {
        return of(root, prefix, now, tm, OnceMarker.NONE);
    }

    /** {@link #of(FlowJob, String, long, String)} with every call under one add-once marker (includes/addOnce.lua). */
    public static List<Planned> of(FlowJob root, String prefix, long now, String tm, OnceMarker once) {
        FlowPlan plan = new FlowPlan(prefix, now, tm, once);
        plan.validate(root, new IdentityHashMap<>(), new HashSet<>());
        List<Node> order = new ArrayList<>(List.of(new Node(root, null, null, idFor(root))));
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            QueueKeys keys = new QueueKeys(prefix, n.job().queueName());
            List<Integer> children = new ArrayList<>();
            for (FlowJob child : n.job().children()) {
                children.add(order.size());
                order.add(new Node(child, keys, n.id(), idFor(child)));
            }
            plan.planned.add(plan.plan(n, keys, children.stream().map(order::get).toList(), children));
        }
        return List.copyOf(plan.planned);
    }

    /** A job in the flow: its parent's keys and id (null for the root) and its own id. */
    private record Node(FlowJob job, QueueKeys parentKeys, String parentId, String id) {
    }

    private void validate(FlowJob job, Map<FlowJob, Boolean> path, Set<String> ancestors) {
        String id = job.opts().jobId();
        String key = job.queueName() + ":" + id;
        if (path.containsKey(job) || (id != null && ancestors.contains(key))) {
            throw new IllegalArgumentException("flow has a cycle: job '" + job.name() + "' (" + key
                    + ") is its own ancestor");
        }
        if (id != null && !seen.add(key)) {
            throw new IllegalArgumentException("flow has job id '" + id + "' twice in queue " + job.queueName());
        }
        path.put(job, Boolean.TRUE);
        if (id != null) ancestors.add(key);
        job.children().forEach(c -> validate(c, path, ancestors));
        path.remove(job);
        if (id != null) ancestors.remove(key);
    }

    private static String idFor(FlowJob job) {
        return job.opts().jobId() != null ? job.opts().jobId() : UUID.randomUUID().toString();
    }

    /** The addJob call of {@code n}, linked to its parent and to {@code children} (at {@code places}). */
    private Planned plan(Node n, QueueKeys keys, List<Node> children, List<Integer> places) {
        FlowJob job = n.job();
        List<String> childKeys = children.stream()
                .map(c -> new QueueKeys(prefix, c.job().queueName()).job(c.id())).toList();
        ObjectNode opts = OptionsCodec.toJson(job.opts());
        if (tm != null) {
            opts.put("tm", tm);
        }
        FlowLink link = new FlowLink("", "", childKeys);
        if (n.parentKeys() != null) {
            String parentQueueKey = n.parentKeys().prefix() + ":" + n.parentKeys().queueName();
            opts.putObject("parent").put("id", n.parentId()).put("queue", parentQueueKey);
            link = new FlowLink(n.parentKeys().job(n.parentId()), parentField(n.parentId(), parentQueueKey, job.opts()),
                    childKeys);
        }
        String data = Json.write(job.data() == null ? Json.MAPPER.createObjectNode() : job.data());
        return new Planned(job.queueName(), n.id(),
                new Scripts(keys).addJob(n.id(), job.name(), data, Json.write(opts), now, job.opts(), link, once),
                places);
    }

    /** The child's {@code parent} hash field: {id, queueKey, fpof|cpof|idof|rdof: true}. */
    private static String parentField(String parentId, String parentQueueKey, JobOptions childOpts) {
        ObjectNode f = Json.MAPPER.createObjectNode().put("id", parentId).put("queueKey", parentQueueKey);
        String policy = childOpts.parentFailurePolicy().optsKey();
        if (policy != null) f.put(policy, true);
        return Json.write(f);
    }
}
