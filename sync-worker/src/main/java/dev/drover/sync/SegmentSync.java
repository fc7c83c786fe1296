package dev.drover.sync;

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
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one sync of one segment: the body of a {@code sync-segment} job.
 * <ol>
 *   <li>when the run already finished (its success row exists: a job redelivered after the process died between that
 *       row's commit and the queue's acknowledgement), returns that run's result at once: no API call, no new row;
 *   <li>loads the segment's control row (none: {@link UnknownSegmentException});
 *   <li>resumes the checkpoint of the same run id, or starts at page 0;
 *   <li>reads pages until an empty page or the CRM's {@code total} is reached; each page is written and the checkpoint
 *       (next page + cumulative stats) saved in one transaction, so a run that dies resumes after its last committed
 *       page and counts nothing twice;
 *   <li>writes a {@code sync_segments_logs} row, updates the control row and raises alerts ({@link SyncAlerts}) in
 *       one final transaction, on success and on failure alike. Its duration is the whole run's, from the first
 *       attempt's start; a rejected token (401/403) also raises a critical alert at once.
 * </ol>
 * Failures throw {@link SyncFailedException} after being recorded. The caller guarantees that one segment is not run
 * twice at once (queue deduplication). {@code clock} gives stored times and the attempt's duration; it is injected
 * so tests can drive the run-time alert. Thread-safe.
 */
public final class SegmentSync {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentSync.class);

    private final DSLContext dsl;
    private final SprintHubClient client;
    private final InstantSource clock;
    private final SegmentStore segments = new SegmentStore();
    private final SyncLogStore logs = new SyncLogStore();
    private final PageWriter writer = new PageWriter(new LeadStore());
    private final SyncAlerts alerts = new SyncAlerts(new AlertStore());

    public SegmentSync(DSLContext dsl, SprintHubClient client, InstantSource clock) {
        this.dsl = dsl;
        this.client = client;
        this.clock = clock;
    }

    public SyncResult run(SyncRequest req) {
        Optional<SyncLogStore.Finished> finished = logs.findSuccess(dsl, req.runId());
        if (finished.isPresent()) {
            LOG.info("segment {} run {}: already finished; returning its result without running again",
                    req.segmentId(), req.runId());
            return replay(req, finished.get());
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
            pageThrough(req, watermark, progress);
        } catch (SprintHubException e) {
            progress[0] = progress[0].next(progress[0].page(), progress[0].stats().withApiCalls(e.attempts()));
            throw fail(req, progress[0], e, e.retryable());
        } catch (RuntimeException e) {
            throw fail(req, progress[0], e, true);
        }
        return succeed(req, progress[0], start.page());
    }

    /** Reads and writes pages; {@code progress[0]} always holds the latest state, committed or not. */
    private void pageThrough(SyncRequest req, Instant watermark, Checkpoint[] progress) {
        while (true) {
            Checkpoint cp = progress[0];
            LeadPage page = client.fetchPage(req.segmentId(), cp.page());
            SyncStats read = cp.stats().withApiCalls(page.attempts()).withPage(page.total());
            if (page.leads().isEmpty()) {
                progress[0] = cp.next(cp.page(), read);
                return;
            }
            progress[0] = dsl.transactionResult(tx -> {
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
     * Records the run's success. The control row is locked first, so that of two processes finishing the same run (one
     * of them presumed dead by the stalled check) only the first records it; the other returns the first's result.
     */
    private SyncResult succeed(SyncRequest req, Checkpoint done, int resumedFrom) {
        Instant now = clock.instant();
        Duration took = Duration.between(done.startedAt(), now);
        Optional<SyncLogStore.Finished> earlier = dsl.transactionResult(tx -> {
            segments.lock(tx.dsl(), req.segmentId());
            Optional<SyncLogStore.Finished> first = logs.findSuccess(tx.dsl(), req.runId());
            if (first.isEmpty()) {
                logs.append(tx.dsl(), new SyncLogStore.Entry(req.segmentId(), req.runId(), req.mode(), true, null,
                        done.stats(), took, now));
                segments.recordSuccess(tx.dsl(), req.segmentId(), now, done.startedAt());
                alerts.check(tx.dsl(), req, done.stats(), took, 0, now);
            }
            return first;
        });
        if (earlier.isPresent()) {
            LOG.warn("segment {} run {}: another attempt finished it first; keeping that result", req.segmentId(),
                    req.runId());
            return replay(req, earlier.get());
        }
        LOG.info("segment {} run {}: done in {} ms: {}", req.segmentId(), req.runId(), took.toMillis(), done.stats());
        return new SyncResult(req.segmentId(), done.stats(), took, resumedFrom, false);
    }

    private static SyncResult replay(SyncRequest req, SyncLogStore.Finished finished) {
        return new SyncResult(req.segmentId(), finished.stats(), finished.duration(), 0, true);
    }

    private SyncFailedException fail(SyncRequest req, Checkpoint at, RuntimeException cause, boolean retryable) {
        Instant now = clock.instant();
        Duration took = Duration.between(at.startedAt(), now);
        String message = "segment " + req.segmentId() + " run " + req.runId() + " failed at page " + at.page()
                + ": " + cause.getMessage();
        try {
            dsl.transaction(tx -> {
                segments.saveCheckpoint(tx.dsl(), req.segmentId(), at, now);
                logs.append(tx.dsl(), new SyncLogStore.Entry(req.segmentId(), req.runId(), req.mode(), false,
                        cause.getMessage(), at.stats(), took, now));
                int failures = segments.recordFailure(tx.dsl(), req.segmentId(), now, cause.getMessage(),
                        SyncAlerts.MAX_CONSECUTIVE_FAILURES);
                alerts.check(tx.dsl(), req, at.stats(), took, failures, now);
                if (cause instanceof SprintHubAuthException) {
                    alerts.authenticationFailed(tx.dsl(), req, cause.getMessage(), now);
                }
            });
        } catch (RuntimeException recordFailed) {
            // Postgres itself may be why the run failed; the job's retry will resume from the last saved checkpoint.
            LOG.error("segment {} run {}: could not record the failure", req.segmentId(), req.runId(), recordFailed);
            cause.addSuppressed(recordFailed);
        }
        LOG.warn(message);
        return new SyncFailedException(message, retryable, cause);
    }
}
