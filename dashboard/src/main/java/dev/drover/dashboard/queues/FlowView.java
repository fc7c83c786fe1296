package dev.drover.dashboard.queues;

import dev.drover.queue.JobState;
import java.util.List;

/** A node of a job's flow tree with its state read when the page was made; {@code current} marks the job shown. */
public record FlowView(String queue, String id, String name, JobState state, boolean current, List<FlowView> children) {
}
