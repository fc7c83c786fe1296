package dev.drover.dashboard.queues;

import dev.drover.dashboard.domain.DomainLink;
import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import java.util.List;

/**
 * Everything the job page shows: the job snapshot, its state, logs, flow tree (null when it is in no flow) and the
 * domain row it belongs to (null when none).
 */
public record JobDetail(String queue, Job job, JobState state, List<String> logs, FlowView flow, DomainLink domain) {

    public boolean retryable() {
        return state == JobState.FAILED || state == JobState.COMPLETED;
    }

    public boolean promotable() {
        return state == JobState.DELAYED;
    }

    public boolean removable() {
        return state != JobState.ACTIVE;
    }
}
