package dev.drover.dashboard.queues;

import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import java.util.List;

/**
 * A page of a queue's jobs in one state, or the result of a search.
 *
 * @param start  position of the first job (newest first)
 * @param size   jobs per page
 * @param total  jobs in the state
 * @param search the search text, or null
 */
public record JobPage(JobState state, long start, int size, long total, String search, List<Job> jobs) {

    public boolean hasPrevious() {
        return search == null && start > 0;
    }

    public boolean hasNext() {
        return search == null && start + size < total;
    }

    public long previousStart() {
        return Math.max(0, start - size);
    }

    public long nextStart() {
        return start + size;
    }

    /** "21–40 of 95". */
    public String range() {
        if (search != null) {
            return jobs.size() + " match" + (jobs.size() == 1 ? "" : "es");
        }
        return jobs.isEmpty() ? "0 of " + total : (start + 1) + "–" + (start + jobs.size()) + " of " + total;
    }
}
