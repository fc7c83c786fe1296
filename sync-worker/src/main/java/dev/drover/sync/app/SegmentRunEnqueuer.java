package dev.drover.sync.app;

import dev.drover.queue.Backoff;
import dev.drover.queue.Deduplication;
import dev.drover.queue.JobOptions;
import dev.drover.queue.KeepJobs;
import dev.drover.queue.Queue;
import dev.drover.sync.SyncJobData;
import java.time.Duration;
import java.util.UUID;

/**
 * Adds {@code sync-segment} jobs to queue {@code lead-sync}, at most one per segment while a run is pending or active.
 *
 * <p>Every job carries the deduplication id {@link #dedupId(long)}, which queue-core releases only when the job
 * completes or fails for good; an add while it is held adds nothing and reports the job that holds it. So schedulers in
 * any number of processes, a manual run-now and a Node service using the same id cannot start a second concurrent run.
 * Each job gets its own id {@code segment-<N>-<uuid>} (no ':', never an integer string, as BullMQ requires): the job id
 * is the run id, kept across retries so a retried or recovered run resumes from its checkpoint, and comparing it
 * with what {@link Queue#add} returns tells whether this add was deduplicated. Thread-safe.
 */
public final class SegmentRunEnqueuer {

    /** How often a run is attempted and how long to wait between attempts. */
    public record RetryPolicy(int attempts, Duration backoff) {
        public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(30));

        public RetryPolicy {
            if (attempts < 1 || backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("attempts must be >= 1 and backoff >= 0, got " + attempts + ", " + backoff);
            }
        }
    }

    /** The outcome of an add: the job now responsible for the segment, and whether this call created it. */
    public record Enqueued(String jobId, boolean added) {
    }

    private final Queue queue;
    private final RetryPolicy retry;

    public SegmentRunEnqueuer(Queue queue, RetryPolicy retry) {
        this.queue = queue;
        this.retry = retry;
    }

    /** The deduplication id a segment's runs share; Node services adding runs should set {@code deduplication.id} to it. */
    public static String dedupId(long segmentId) {
        return "lead-sync-segment-" + segmentId;
    }

    /** Adds a run unless one is pending or active for the segment. */
    public Enqueued enqueue(SyncJobData data) {
        String jobId = "segment-" + data.segmentId() + "-" + UUID.randomUUID();
        JobOptions opts = JobOptions.builder()
                .jobId(jobId)
                .attempts(retry.attempts())
                .backoff(Backoff.exponential(retry.backoff().toMillis()))
                // keep recent history for `drover` and dashboards without growing Redis forever
                .removeOnComplete(KeepJobs.count(1000))
                .removeOnFail(KeepJobs.count(5000))
                .deduplication(Deduplication.untilFinished(dedupId(data.segmentId())))
                .build();
        String owner = queue.add(SyncJobData.JOB_NAME, data.toJsonNode(), opts);
        return new Enqueued(owner, owner.equals(jobId));
    }
}
