package dev.drover.queue;

import java.util.List;
import java.util.Objects;

/**
 * One node of a flow to add with {@link FlowProducer#add}: a job (queue, name, data, options) and the children it
 * waits for. A node with children starts in {@code waiting-children} and runs once every child has completed (or
 * been let go by its {@link ParentFailurePolicy}). Children may live in other queues. Immutable.
 *
 * @param queueName the queue the job is added to (non-blank)
 * @param name      the job name
 * @param data      anything Jackson can write (null: {@code {}})
 * @param opts      the job's options; a child's {@link JobOptions#parentFailurePolicy()} applies to this parent
 * @param children  the jobs this one waits for
 */
public record FlowJob(String queueName, String name, Object data, JobOptions opts, List<FlowJob> children) {

    public FlowJob {
        if (queueName == null || queueName.isBlank()) {
            throw new IllegalArgumentException("flow job '" + name + "' has no queue name");
        }
        Objects.requireNonNull(name, "flow job name (queue " + queueName + ")");
        opts = opts == null ? JobOptions.DEFAULTS : opts;
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** A leaf job with default options. */
    public static FlowJob of(String queueName, String name, Object data) {
        return new FlowJob(queueName, name, data, JobOptions.DEFAULTS, List.of());
    }

    public FlowJob withOpts(JobOptions opts) {
        return new FlowJob(queueName, name, data, opts, children);
    }

    public FlowJob withChildren(List<FlowJob> children) {
        return new FlowJob(queueName, name, data, opts, children);
    }
}
