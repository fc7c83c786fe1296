package dev.drover.sync.app;

import dev.drover.queue.Job;
import dev.drover.queue.Processor;
import dev.drover.queue.UnrecoverableJobException;
import dev.drover.sync.SegmentSync;
import dev.drover.sync.SyncFailedException;
import dev.drover.sync.SyncJobData;
import dev.drover.sync.SyncResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a {@code sync-segment} job: decodes its data and runs {@link SegmentSync} with the job id as run id (stable
 * across retries and stalled recovery, so a later attempt resumes from the checkpoint, and a redelivered job whose run
 * finished gets the run's stored result).
 *
 * <p>Failure contract: undecodable data, an unknown segment or a rejected token fail the job at once
 * ({@link UnrecoverableJobException}, the reason names the problem); any other failure is rethrown, so the queue
 * retries the job with its backoff. Returns a summary (segment, stats, duration, resumed page; {@code alreadyFinished}
 * when a redelivered job found its run finished) stored as the job's return value.
 */
public final class SyncJobProcessor implements Processor {

    /** Called once a run's outcome is committed and before its job is acknowledged (tests put a crash point here). */
    @FunctionalInterface
    public interface AfterRun {
        AfterRun NONE = job -> { };

        void finished(Job job);
    }

    private final SegmentSync sync;
    private final AfterRun afterRun;

    public SyncJobProcessor(SegmentSync sync) {
        this(sync, AfterRun.NONE);
    }

    public SyncJobProcessor(SegmentSync sync, AfterRun afterRun) {
        this.sync = sync;
        this.afterRun = afterRun;
    }

    @Override
    public Object process(Job job) throws Exception {
        SyncJobData data = decode(job);
        SyncResult result;
        try {
            result = sync.run(job, data.toRequest(job.id()));
        } catch (SyncFailedException e) {
            if (!e.retryable()) {
                throw new UnrecoverableJobException(e.getMessage(), e);
            }
            throw e;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("segmentId", result.segmentId());
        summary.put("stats", result.stats());
        summary.put("durationMs", result.duration().toMillis());
        summary.put("resumedFromPage", result.resumedFrom());
        if (result.replayed()) {
            summary.put("alreadyFinished", true);
        }
        afterRun.finished(job);
        return summary;
    }

    private static SyncJobData decode(Job job) {
        try {
            return SyncJobData.fromJson(job.rawData());
        } catch (IllegalArgumentException e) {
            // the same bad data will never decode on a retry
            throw new UnrecoverableJobException(e.getMessage(), e);
        }
    }
}
