package dev.drover.queue.internal.runtime;

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
    @SuppressWarnings("unchecked")
    public void run() {
        try {
            var c = ctx.client();
            List<Object> reply = (List<Object>) c.redis().eval(c.scripts().moveStalledJobsToWait(
                    ctx.options().maxStalledCount(), c.now(), ctx.options().stalledInterval().toMillis()));
            for (Object id : (List<Object>) reply.get(0)) {
                log.info("[{}] stalled job {} recovered: moved back to wait", ctx.label(), id);
            }
            for (Object id : (List<Object>) reply.get(1)) {
                log.warn("[{}] job {} stalled more than {} times: it will fail on its next pickup", ctx.label(), id,
                        ctx.options().maxStalledCount());
            }
            for (Object id : (List<Object>) reply.get(2)) {
                log.warn("[{}] stalled job {} has a corrupt hash: failed with the reason", ctx.label(), id);
            }
            int stalled = ((List<Object>) reply.get(0)).size() + ((List<Object>) reply.get(2)).size(); // 1 is in 0
            if (stalled > 0) {
                c.telemetry().jobsStalled(c.keys().queueName(), stalled);
            }
        } catch (RuntimeException e) {
            log.warn("[{}] stalled check failed: {}", ctx.label(), e.getMessage());
        }
    }
}
