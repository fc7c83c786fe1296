package dev.drover.sync;

import dev.drover.sync.crm.LeadPage;
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
 * Runs one sync of one segment: the body of a {@code sync-segment} job.
 * <ol>
 *   <li>loads the segment's control row (none: {@link UnknownSegmentException});
 *   <li>resumes the checkpoint of the same run id, or starts at page 0;
 *   <li>reads pages until an empty page or the CRM's {@code total} is reached; each page is written and the checkpoint
 *       (next page + cumulative stats) saved in one transaction, so a run that dies resumes after its last committed
 *       page and counts nothing twice;
 *   <li>writes a {@code sync_segments_logs} row, updates the control row and raises alerts ({@link SyncAlerts}) in
 *       one final transaction, on success and on failure alike.
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
            throw fail(req, progress[0], attemptStart, e, e.retryable());
        } catch (RuntimeException e) {
            throw fail(req, progress[0], attemptStart, e, true);
        }
        return succeed(req, progress[0], attemptStart, start.page());
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

    private SyncResult succeed(SyncRequest req, Checkpoint done, Instant attemptStart, int resumedFrom) {
        Instant now = clock.instant();
        Duration took = Duration.between(attemptStart, now);
        dsl.transaction(tx -> {
            logs.append(tx.dsl(), new SyncLogStore.Entry(req.segmentId(), req.runId(), req.mode(), true, null,
                    done.stats(), took, now));
            segments.recordSuccess(tx.dsl(), req.segmentId(), now, done.startedAt());
            alerts.check(tx.dsl(), req, done.stats(), took, 0, now);
        });
        LOG.info("segment {} run {}: done in {} ms: {}", req.segmentId(), req.runId(), took.toMillis(), done.stats());
        return new SyncResult(req.segmentId(), done.stats(), took, resumedFrom);
    }

    private SyncFailedException fail(SyncRequest req, Checkpoint at, Instant attemptStart, RuntimeException cause,
                                     boolean retryable) {
        Instant now = clock.instant();
        Duration took = Duration.between(attemptStart, now);
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
