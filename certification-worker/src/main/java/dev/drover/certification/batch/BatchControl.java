package dev.drover.certification.batch;

import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueException;
import java.util.Optional;

/**
 * The operator's verbs on a batch, named by its row id or its {@code certify-batch} queue job id. Pause and cancel
 * change the row only; items read it when they start. Resume and cancel also promote the batch's delayed items, so
 * that they run (or settle as cancelled) now instead of at their next recheck.
 */
public final class BatchControl {

    /** What a verb found and did. */
    public record Result(boolean changed, CertificationJobsRecord row) {
    }

    private final BatchStore store;
    private final Queue queue;

    public BatchControl(BatchStore store, Queue queue) {
        this.store = store;
        this.queue = queue;
    }

    public Optional<CertificationJobsRecord> status(String id) {
        return store.find(id);
    }

    public Optional<Result> pause(String id) {
        return store.find(id).map(row -> result(store.pause(row.getId()), row));
    }

    public Optional<Result> resume(String id) {
        return store.find(id).map(row -> {
            boolean changed = store.resume(row.getId());
            promoteDelayedItems(row);
            return result(changed, row);
        });
    }

    public Optional<Result> cancel(String id) {
        return store.find(id).map(row -> {
            boolean changed = store.cancel(row.getId());
            promoteDelayedItems(row);
            return result(changed, row);
        });
    }

    private Result result(boolean changed, CertificationJobsRecord before) {
        return new Result(changed, store.find(before.getId()).orElse(before));
    }

    private void promoteDelayedItems(CertificationJobsRecord row) {
        for (BatchPlan.Item item : BatchStore.plan(row).items()) {
            String jobId = item.queueJobId();
            if (queue.getJobState(jobId) == JobState.DELAYED) {
                try {
                    queue.promoteJob(jobId);
                } catch (QueueException raced) {
                    // it left delayed between the two calls: it runs anyway
                }
            }
        }
    }
}
