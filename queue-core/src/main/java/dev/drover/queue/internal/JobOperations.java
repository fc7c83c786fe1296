package dev.drover.queue.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** What a {@link dev.drover.queue.Job} can do to itself in Redis; implemented by the queue's script runner. */
public interface JobOperations {

    /** The queue's name, without the key prefix. */
    String queueName();

    void updateProgress(String jobId, JsonNode progress);

    /** Appends a log line; returns the number of lines kept. */
    long log(String jobId, String line, Integer keepLogs);

    java.util.List<String> logs(String jobId);

    /** A flow parent's completed children: child key ({@code P:Q:id}) to return value. */
    java.util.Map<String, JsonNode> childrenValues(String jobId);

    /** A flow parent's failed children let go by continue/ignore policies: child key to failed reason. */
    java.util.Map<String, String> ignoredChildrenFailures(String jobId);

    dev.drover.queue.DependencyCounts dependencyCounts(String jobId);

    /** The job's state now; UNKNOWN when it is in none. */
    dev.drover.queue.JobState state(String jobId);

    /** Re-delays a delayed job to run {@code delayMs} from now. */
    void changeDelay(String jobId, long delayMs);

    /** Sets a ready, delayed or waiting-children job's priority, moving a ready job where it now belongs. */
    void changePriority(String jobId, int priority, boolean lifo);

    /** Replaces the job's data (any JSON-mappable value). */
    void updateData(String jobId, Object data);

    /** Moves a delayed job to ready now. */
    void promote(String jobId);

    /** Manual processing: completes active {@code job} held under {@code token}; the next job when fetched. */
    java.util.Optional<dev.drover.queue.Job> moveToCompleted(dev.drover.queue.Job job, Object returnValue, String token,
                                                             boolean fetchNext);

    /** Manual processing: a failed attempt (retried per attempts and backoff); the next job when fetched. */
    java.util.Optional<dev.drover.queue.Job> moveToFailed(dev.drover.queue.Job job, Throwable error, String token,
                                                          boolean fetchNext);

    /** Manual processing: active job to delayed until {@code timestampMs}, no attempt counted. */
    void moveToDelayed(dev.drover.queue.Job job, long timestampMs, String token);

    /** Manual processing: active job back to wait, no attempt counted; returns the rate-limit ms left. */
    long moveToWait(dev.drover.queue.Job job, String token);
}
