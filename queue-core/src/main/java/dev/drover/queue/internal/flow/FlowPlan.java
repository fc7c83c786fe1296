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
    private final OnceMarker once;
    private final List<Planned> planned = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    private FlowPlan(String prefix, long now, OnceMarker once) {
        this.prefix = prefix;
        this.now = now;
        this.once = once;
    }

    /**
     * Validates {@code root} and plans its calls, parents before their children; the root is {@code get(0)} and each
     * job's {@link Planned#children()} index this list in the order the flow gives them.
     */
    public static List<Planned> of(FlowJob root, String prefix, long now) {
        return of(root, prefix, now, OnceMarker.NONE);
    }

    /** {@link #of(FlowJob, String, long)} with every call under one add-once marker (see includes/addOnce.lua). */
    public static List<Planned> of(FlowJob root, String prefix, long now, OnceMarker once) {
        FlowPlan plan = new FlowPlan(prefix, now, once);
        plan.validate(root, new IdentityHashMap<>(), new HashSet<>());
        plan.add(root, null, null, idFor(root));
        return List.copyOf(plan.planned);
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

    /** Plans {@code job} under {@code parent} (null for the root), then its children; returns its place. */
    private int add(FlowJob job, QueueKeys parentKeys, String parentId, String id) {
        QueueKeys keys = new QueueKeys(prefix, job.queueName());
        List<String> childIds = job.children().stream().map(FlowPlan::idFor).toList();
        List<String> childKeys = new ArrayList<>();
        for (int i = 0; i < childIds.size(); i++) {
            childKeys.add(new QueueKeys(prefix, job.children().get(i).queueName()).job(childIds.get(i)));
        }
        ObjectNode opts = OptionsCodec.toJson(job.opts(), now);
        FlowLink link = new FlowLink("", "", childKeys);
        if (parentKeys != null) {
            String parentQueueKey = parentKeys.prefix() + ":" + parentKeys.queueName();
            opts.putObject("parent").put("id", parentId).put("queue", parentQueueKey);
            link = new FlowLink(parentKeys.job(parentId), parentField(parentId, parentQueueKey, job.opts()), childKeys);
        }
        String data = Json.write(job.data() == null ? Json.MAPPER.createObjectNode() : job.data());
        int place = planned.size();
        planned.add(null);
        List<Integer> children = new ArrayList<>();
        for (int i = 0; i < childIds.size(); i++) {
            children.add(add(job.children().get(i), keys, id, childIds.get(i)));
        }
        // the parent's call still runs first: Planned entries keep their places, the call list follows them
        planned.set(place, new Planned(job.queueName(), id,
                new Scripts(keys).addJob(id, job.name(), data, Json.write(opts), now, job.opts(), link, once),
                children));
        return place;
    }

    /** The child's {@code parent} hash field: {id, queueKey, fpof|cpof|idof|rdof: true}. */
    private static String parentField(String parentId, String parentQueueKey, JobOptions childOpts) {
        ObjectNode f = Json.MAPPER.createObjectNode().put("id", parentId).put("queueKey", parentQueueKey);
        String policy = childOpts.parentFailurePolicy().optsKey();
        if (policy != null) f.put(policy, true);
        return Json.write(f);
    }
}
