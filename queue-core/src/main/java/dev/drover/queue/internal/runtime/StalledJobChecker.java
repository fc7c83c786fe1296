package dev.drover.queue.internal.runtime;

import dev.drover.queue.WorkerOptions;
import dev.drover.queue.internal.QueueClient;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stalled check every stalledInterval (the script itself makes it once per interval across all workers):
 * active jobs whose lock expired (their worker died or froze) go back to wait, and jobs that stalled more than
 * maxStalledCount times are marked to fail on their next pickup.
 */
final class StalledJobChecker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(StalledJobChecker.class);

    private final WorkerContext ctx;

    StalledJobChecker(WorkerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        try {
            QueueClient c = ctx.client();
            List<List<Object>> reply = runOnce(c, ctx.options());
            for (Object id : reply.get(0)) {
                log.info("[{}] stalled job {} recovered: moved back to wait", ctx.label(), id);
            }
            for (Object id : reply.get(1)) {
                log.warn("[{}] job {} stalled more than {} times: it will fail on its next pickup", ctx.label(), id,
                        ctx.options().maxStalledCount());
            }
            for (Object id : reply.get(2)) {
                log.warn("[{}] stalled job {} has a corrupt hash: failed with the reason", ctx.label(), id);
            }
            int stalled = reply.get(0).size() + reply.get(2).size(); // 1 is in 0
            if (stalled > 0) {
                c.telemetry().jobsStalled(c.keys().queueName(), stalled);
            }
        } catch (RuntimeException e) {
            log.warn("[{}] stalled check failed: {}", ctx.label(), e.getMessage());
        }
    }

    /**
     * One run of the check script: {recovered ids, ids over the stall limit (also in the first), ids of corrupt jobs
     * failed} (all empty when gated).
     */
    @SuppressWarnings("unchecked")
    static List<List<Object>> runOnce(QueueClient c, WorkerOptions options) {
        return (List<List<Object>>) c.redis().eval(c.scripts().moveStalledJobsToWait(options.maxStalledCount(),
                c.now(), options.stalledInterval().toMillis()));
    }
}
