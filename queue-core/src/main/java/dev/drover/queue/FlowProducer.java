package dev.drover.queue;

import dev.drover.queue.internal.QueueClient;
import dev.drover.queue.internal.flow.FlowPlan;
import dev.drover.queue.internal.flow.FlowReader;
import dev.drover.queue.internal.redis.RedisExecutor;
import dev.drover.queue.internal.script.OnceMarker;
import dev.drover.queue.internal.script.ScriptError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds flows: a parent job and the children it waits for, across queues, in one MULTI/EXEC so a flow is written
 * whole or not at all. Every job is laid out as BullMQ's FlowProducer lays it out ({@code parentKey},
 * {@code parent}, {@code :dependencies}, {@code waiting-children}), so Node and Drover workers can process any part
 * of it. A parent runs once its children are done and reads their results with {@link Job#childrenValues()}.
 * Thread-safe; close it to release its connections.
 */
public final class FlowProducer implements AutoCloseable {

    private final QueueOptions options;
    private final RedisExecutor redis;

    public FlowProducer(QueueOptions options) {
        this.options = options;
        this.redis = new RedisExecutor(options.redis(), options.maxConnections());
    }

    /**
     * Validates the whole tree (queue names, no job twice, no cycle), then adds it atomically. A job whose custom id
     * exists already is not added again but linked to its new parent (if it completed, its result counts for the
     * parent at once), as BullMQ does. Returns the tree as read back right after the add, children in the order the
     * flow gives them (a child a fast worker already completed and removed is left out).
     *
     * @throws IllegalArgumentException for an invalid flow, before anything is written
     * @throws QueueException PARENT_CANNOT_BE_REPLACED when a child's custom id exists as another live parent's
     *                        child (the rest of the flow is written, as with BullMQ)
     */
    public JobNode add(FlowJob flow) {
        return add(flow, OnceMarker.NONE).orElseThrow();
    }

    /**
     * Adds the flow unless an add with the same {@link AddOnce#id()} already happened while its marker lives (see
     * {@link AddOnce}); the marker sits in the root job's queue and is written in the same MULTI/EXEC as the flow.
     * Returns the tree as {@link #add} does, or empty when an earlier add-once added it (nothing is written).
     */
    public Optional<JobNode> addOnce(AddOnce once, FlowJob flow) {
        return add(flow, OnceMarker.fresh(client(flow.queueName()).keys(), once));
    }

    /** Writes the flow's calls in one MULTI/EXEC inside the add's span; empty when {@code once} was found. */
    private Optional<JobNode> add(FlowJob flow, OnceMarker once) {
        List<FlowPlan.Planned> plan = new ArrayList<>();
        List<Object> replies = new ArrayList<>();
        options.telemetry().add("addFlow", flow.queueName(), List.of(flow.name()), tm -> {
            plan.addAll(FlowPlan.of(flow, options.prefix(), options.clock().millis(), tm, once));
            replies.addAll(redis.evalAtomically(plan.stream().map(FlowPlan.Planned::call).toList()));
            return List.of(plan.get(0).jobId());
        });
        if (once != OnceMarker.NONE && Long.valueOf(0).equals(replies.get(0))) {
            return Optional.empty(); // every call of the plan found the same marker and wrote nothing
        }
        return Optional.of(read(plan, replies));
    }

    /** Checks the replies of a flow's calls, then reads the flow back from its root. */
    private JobNode read(List<FlowPlan.Planned> plan, List<Object> replies) {
        for (int i = 0; i < plan.size(); i++) {
            ScriptError.check(replies.get(i), "add flow", plan.get(i).queueName() + ":" + plan.get(i).jobId());
        }
        return read(plan, 0).orElseThrow(() -> new QueueException(QueueException.Kind.JOB_NOT_FOUND,
                "flow root " + plan.get(0).jobId() + " vanished right after it was added"));
    }

    /** The planned job at {@code place} as read back, with its children in plan order. */
    private Optional<JobNode> read(List<FlowPlan.Planned> plan, int place) {
        FlowPlan.Planned p = plan.get(place);
        return client(p.queueName()).job(p.jobId()).map(job -> new JobNode(p.queueName(), job,
                p.children().stream().map(c -> read(plan, c)).flatMap(Optional::stream).toList()));
    }

    /**
     * The flow under job {@code jobId} of {@code queueName}, children read down to {@code maxDepth} levels
     * (0: the job alone). Children whose hash is gone (removed on complete) are left out.
     */
    public Optional<JobNode> getFlow(String queueName, String jobId, int maxDepth) {
        return new FlowReader(options, redis).tree(queueName, jobId, maxDepth);
    }

    /** Counts of {@code jobId}'s children by state. */
    public DependencyCounts getDependencyCounts(String queueName, String jobId) {
        return client(queueName).dependencyCounts(jobId);
    }

    private QueueClient client(String queueName) {
        return new QueueClient(queueName, options, redis, false);
    }

    @Override
    public void close() {
        redis.close();
    }
}
