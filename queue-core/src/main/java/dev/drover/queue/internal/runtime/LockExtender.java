package dev.drover.queue.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the locks of all jobs this worker runs in one extendLocks call every lockDuration/4 (BullMQ renews every
 * lockRenewTime/2 with lockRenewTime = lockDuration/2), so a healthy worker's jobs never look stalled.
 * A lock it fails to renew while the job's processor still runs is lost for real: that is logged and counted (the
 * job may be recovered by the stalled check and run elsewhere). A job that finished between the snapshot and the
 * renewal (its finishing call released the lock) is no such case and is neither logged nor counted.
 */
final class LockExtender implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LockExtender.class);

    private final WorkerContext ctx;
    private final RunningJobs running;

    LockExtender(WorkerContext ctx, RunningJobs running) {
        this.ctx = ctx;
        this.running = running;
    }

    long periodMs() {
        return Math.max(ctx.options().lockDuration().toMillis() / 4, 25);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        List<RunningJobs.Entry> jobs = running.snapshot();
        if (jobs.isEmpty()) {
            return;
        }
        List<String> idsAndTokens = new ArrayList<>(jobs.size() * 2);
        jobs.forEach(e -> {
            idsAndTokens.add(e.jobId());
            idsAndTokens.add(e.token());
        });
        try {
            List<Object> notRenewed = (List<Object>) ctx.client().redis().eval(ctx.client().scripts().extendLocks(
                    ctx.options().lockDuration().toMillis(), idsAndTokens));
            reportLost(jobs, notRenewed);
        } catch (RuntimeException e) {
            ctx.recordLockRenewalFailures(jobs.size());
            log.warn("[{}] could not renew {} job locks: {}", ctx.label(), jobs.size(), e.getMessage());
        }
    }

    private void reportLost(List<RunningJobs.Entry> snapshot, List<Object> notRenewed) {
        int lost = 0;
        for (Object id : notRenewed) {
            String token = snapshot.stream().filter(e -> e.jobId().equals(id)).map(RunningJobs.Entry::token)
                    .findFirst().orElse("");
            if (running.isProcessing(String.valueOf(id), token)) {
                lost++;
                log.warn("[{}] lock lost for job {}: it may be recovered as stalled and run elsewhere", ctx.label(), id);
            }
        }
        ctx.recordLockRenewalFailures(lost);
    }
}
