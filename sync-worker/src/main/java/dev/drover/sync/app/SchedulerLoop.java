package dev.drover.sync.app;

import dev.drover.sync.ClaimedSegment;
import dev.drover.sync.SegmentScheduler;
import dev.drover.sync.SyncJobData;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler tick of a sync-worker process: claims due segments ({@link SegmentScheduler#claimDue}, safe with any
 * number of processes) and enqueues one deduplicated run for each ({@link SegmentRunEnqueuer}).
 *
 * <p>A claimed segment whose previous run is still pending or active gets no second job: its next time was advanced by
 * the claim, so it is simply considered again at that time. A claimed segment whose job cannot be added (Redis down) is
 * released ({@link SegmentScheduler#release}) so a later tick tries again instead of skipping a whole interval. A tick
 * that fails outright (Postgres down) is logged and the loop goes on.
 */
public final class SchedulerLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerLoop.class);
    /** Bound on claim rounds per tick, so one tick cannot run forever if segments become due faster than we add. */
    private static final int MAX_ROUNDS = 100;

    private final SegmentScheduler scheduler;
    private final SegmentRunEnqueuer enqueuer;
    private final int batchSize;
    private final Counter scheduled;
    private final Counter deduplicated;
    private final Counter enqueueFailures;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lead-sync-scheduler");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param meters where {@code drover_sync_runs_scheduled_total}, {@code drover_sync_runs_deduplicated_total} (due
     *               while the previous run was pending or active) and {@code drover_sync_enqueue_failures_total} go
     */
    public SchedulerLoop(SegmentScheduler scheduler, SegmentRunEnqueuer enqueuer, int batchSize, MeterRegistry meters) {
        this.scheduler = scheduler;
        this.enqueuer = enqueuer;
        this.batchSize = batchSize;
        this.scheduled = meters.counter("drover.sync.runs.scheduled");
        this.deduplicated = meters.counter("drover.sync.runs.deduplicated");
        this.enqueueFailures = meters.counter("drover.sync.enqueue.failures");
    }

    /** Claims every due segment (in batches) and enqueues runs; returns how many jobs were added. */
    public int tick() {
        int added = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<ClaimedSegment> claimed = scheduler.claimDue(batchSize);
            boolean allEnqueued = true;
            for (ClaimedSegment c : claimed) {
                try {
                    added += enqueue(c) ? 1 : 0;
                } catch (RuntimeException e) {
                    LOG.warn("segment {}: could not enqueue its run ({}); due again at the next tick", c.segmentId(),
                            e.toString());
                    enqueueFailures.increment();
                    scheduler.release(c);
                    allEnqueued = false;
                }
            }
            // a failed add would be claimed straight back; leave it for the next tick
            if (claimed.size() < batchSize || !allEnqueued) {
                break;
            }
        }
        return added;
    }

    private boolean enqueue(ClaimedSegment c) {
        var result = enqueuer.enqueue(new SyncJobData(c.segmentId(), c.mode(), SyncJobData.SCHEDULE));
        (result.added() ? scheduled : deduplicated).increment();
        if (result.added()) {
            LOG.info("segment {}: scheduled run {}", c.segmentId(), result.jobId());
        } else {
            LOG.info("segment {}: due, but run {} is still pending or active; not adding another", c.segmentId(),
                    result.jobId());
        }
        return result.added();
    }

    /** Ticks now and then every {@code period} after the previous tick ends. */
    public void start(Duration period) {
        executor.scheduleWithFixedDelay(this::safeTick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("scheduler tick failed, retrying at the next tick: {}", e.toString());
        }
    }

    /** Stops ticking; a tick in progress finishes (up to 10 s). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
