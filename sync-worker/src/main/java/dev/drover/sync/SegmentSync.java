package dev.drover.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.queue.Job;
import dev.drover.queue.postgres.JobAttempt;
import dev.drover.queue.postgres.JobEffects;
import dev.drover.queue.postgres.StaleAttemptException;
import dev.drover.sync.crm.LeadPage;
import dev.drover.sync.crm.SprintHubAuthException;
import dev.drover.sync.crm.SprintHubClient;
import dev.drover.sync.crm.SprintHubException;
import dev.drover.sync.store.AlertStore;
import dev.drover.sync.store.Checkpoint;
import dev.drover.sync.store.LeadStore;
import dev.drover.sync.store.SegmentState;
import dev.drover.sync.store.SegmentStore;
import dev.drover.sync.store.SyncLogStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one sync of one segment: the body of a {@code sync-segment} job, on {@link JobEffects} (one
 * {@code drover.processed_jobs} row per run id, in queue {@link SyncJobData#QUEUE}).
 * <ol>
 *   <li>when the run already finished (its work committed: a job redelivered after the process died between that
 *       commit and the queue's acknowledgement), returns that run's stored result at once: no API call, no new row;
 *   <li>loads the segment's control row (none: {@link UnknownSegmentException});
 *   <li>resumes the checkpoint of the same run id, or starts at page 0;
 *   <li>reads pages until an empty page or the CRM's {@code total} is reached; each page is written and the checkpoint
 *       (next page + cumulative stats) saved in one fenced step ({@link JobAttempt#checkpoint}), so a run that dies
 *       resumes after its last committed page and counts nothing twice, and an attempt whose job was taken over
 *       writes no further page;
 *   <li>on success, writes a {@code sync_segments_logs} row, updates the control row and raises alerts
 *       ({@link SyncAlerts}) in the run's completing transaction, which also stores its result; of two attempts of
 *       one run only the current one commits. A failure is recorded the same way in a fenced step. The duration is
 *       the whole run's, from the first attempt's start; a rejected token (401/403) also raises a critical alert.
 * </ol>
 * Failures throw {@link SyncFailedException} after being recorded; an attempt taken over by a later one throws
 * {@link StaleAttemptException} and records nothing. The caller guarantees that one segment is not run twice at once
 * (queue deduplication). {@code clock} gives stored times and the attempt's duration; it is injected so tests can
 * drive the run-time alert. Thread-safe.
 */
public final class SegmentSync {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentSync.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;
    private final JobEffects effects;
    private final SprintHubClient client;
    private final InstantSource clock;
    private final SegmentStore segments = new SegmentStore();
    private final SyncLogStore logs = new SyncLogStore();
    private final PageWriter writer = new PageWriter(new LeadStore());
    private final SyncAlerts alerts = new SyncAlerts(new AlertStore());

    public SegmentSync(DSLContext dsl, SprintHubClient client, InstantSource clock) {
        this.dsl = dsl;
        this.effects = JobEffects.builder(dsl).build();
        this.client = client;
        this.clock = clock;
    }

    /** Runs {@code req} for the {@code sync-segment} job a worker is running (its id is the run id). */
    public SyncResult run(Job job, SyncRequest req) throws Exception {
        return run(req, effects.begin(job));
    }

    /**
     * Runs {@code req} outside the queue (by hand, in tests), under the same rules per run id: a finished run is
     * replayed; of two callers of one unfinished run, the later one is the one that may commit.
     */
    public SyncResult run(SyncRequest req) {
        try {
            return run(req, effects.begin(SyncJobData.QUEUE, req.runId()));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // the run's steps throw nothing checked
        }
    }

    private SyncResult run(SyncRequest req, JobAttempt attempt) throws Exception {
        if (attempt.replayed()) {
            LOG.info("segment {} run {}: already finished; returning its result without running again",
                    req.segmentId(), req.runId());
            return replay(req, attempt.storedResult());
        }
        Instant attemptStart = clock.instant();
        SegmentState segment = segments.find(dsl, req.segmentId())
                .orElseThrow(() -> new UnknownSegmentException(req.segmentId()));
        Checkpoint start = segment.checkpoint().filter(c -> c.runId().equals(req.runId()) && c.startedAt() != null)
                .orElseGet(() -> Checkpoint.fresh(req.runId(), attemptStart));
        Instant watermark = req.mode() == SyncMode.INCREMENTAL ? segment.successWatermark() : null;
        if (start.page() > 0) {
            LOG.info("segment {} run {}: resuming at page {}", req.segmentId(), req.runId(), start.page());
        }
        Checkpoint[] progress = {start};
        try {
            pageThrough(req, attempt, watermark, progress);
        } catch (StaleAttemptException e) {
            throw e;
        } catch (SprintHubException e) {
            progress[0] = progress[0].next(progress[0].page(), progress[0].stats().withApiCalls(e.attempts()));
            throw fail(req, attempt, progress[0], e, e.retryable());
        } catch (RuntimeException e) {
            throw fail(req, attempt, progress[0], e, true);
        }
        return succeed(req, attempt, progress[0], start.page());
    }

    /** Reads and writes pages; {@code progress[0]} always holds the latest state, committed or not. */
    private void pageThrough(SyncRequest req, JobAttempt attempt, Instant watermark, Checkpoint[] progress)
            throws Exception {
        while (true) {
            Checkpoint cp = progress[0];
            LeadPage page = client.fetchPage(req.segmentId(), cp.page());
            SyncStats read = cp.stats().withApiCalls(page.attempts()).withPage(page.total());
            if (page.leads().isEmpty()) {
                progress[0] = cp.next(cp.page(), read);
                return;
            }
            progress[0] = attempt.checkpoint(tx -> {
                Instant now = clock.instant();
                PageWriter.Counts c = writer.write(tx.dsl(), req.segmentId(), req.mode(), watermark, page.leads(), now);
                Checkpoint next = cp.next(cp.page() + 1, read.plus(c.inserted(), c.updated(), c.skipped(), c.errors()));
                segments.saveCheckpoint(tx.dsl(), req.segmentId(), next, now);
                return next;
            });
            SyncStats s = progress[0].stats();
            if (page.total() >= 0 && s.processed() >= page.total()) {
                return;
            }
        }
    }

    /**
     * Records the run's success and stores its result in one transaction, which commits only while this is the run's
     * current attempt.
     */
    private SyncResult succeed(SyncRequest req, JobAttempt attempt, Checkpoint done, int resumedFrom) throws Exception {
        Instant now = clock.instant();
        Duration took = Duration.between(done.startedAt(), now);
        attempt.complete(tx -> {
            logs.append(tx.dsl(), new SyncLogStore.Entry(req.segmentId(), req.runId(), req.mode(), true, null,
                    done.stats(), took, now));
            segments.recordSuccess(tx.dsl(), req.segmentId(), now, done.startedAt());
            alerts.check(tx.dsl(), req, done.stats(), took, 0, now);
            return new Finished(done.stats(), took.toMillis());
        });
        LOG.info("segment {} run {}: done in {} ms: {}", req.segmentId(), req.runId(), took.toMillis(), done.stats());
        return new SyncResult(req.segmentId(), done.stats(), took, resumedFrom, false);
    }

    /** What a finished run stores as its result in {@code drover.processed_jobs}. */
    record Finished(SyncStats stats, long durationMs) {
    }

    private static SyncResult replay(SyncRequest req, JsonNode stored) {
        Finished f;
        try {
            f = JSON.treeToValue(stored, Finished.class);
        } catch (Exception e) {
            throw new IllegalStateException("run " + req.runId() + ": unreadable stored result " + stored, e);
        }
        return new SyncResult(req.segmentId(), f.stats(), Duration.ofMillis(f.durationMs()), 0, true);
    }

    private SyncFailedException fail(SyncRequest req, JobAttempt attempt, Checkpoint at, RuntimeException cause,
                                     boolean retryable) {
        Instant now = clock.instant();
        Duration took = Duration.between(at.startedAt(), now);
        String message = "segment " + req.segmentId() + " run " + req.runId() + " failed at page " + at.page()
                + ": " + cause.getMessage();
        try {
            attempt.checkpoint(tx -> {
                segments.saveCheckpoint(tx.dsl(), req.segmentId(), at, now);
                logs.append(tx.dsl(), new SyncLogStore.Entry(req.segmentId(), req.runId(), req.mode(), false,
                        cause.getMessage(), at.stats(), took, now));
                int failures = segments.recordFailure(tx.dsl(), req.segmentId(), now, cause.getMessage(),
                        SyncAlerts.MAX_CONSECUTIVE_FAILURES);
                alerts.check(tx.dsl(), req, at.stats(), took, failures, now);
                if (cause instanceof SprintHubAuthException) {
                    alerts.authenticationFailed(tx.dsl(), req, cause.getMessage(), now);
                }
                return null;
            });
        } catch (Exception recordFailed) {
            // Postgres itself may be why the run failed (or a later attempt took the run over, and records its own
            // outcome); the job's retry will resume from the last saved checkpoint.
            LOG.error("segment {} run {}: could not record the failure", req.segmentId(), req.runId(), recordFailed);
            cause.addSuppressed(recordFailed);
        }
        LOG.warn(message);
        return new SyncFailedException(message, retryable, cause);
    }
}
