package dev.drover.queue;

import java.util.List;

/** A job of a flow as read back, with its children (those still pending, completed, ignored or failed). */
public record JobNode(String queueName, Job job, List<JobNode> children) {

    public JobNode {
        children = List.copyOf(children);
    }
}
