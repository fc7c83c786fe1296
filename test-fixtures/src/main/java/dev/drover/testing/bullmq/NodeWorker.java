package dev.drover.testing.bullmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * A BullMQ {@code Worker} running in a {@link NodeBullmq} process, started with
 * {@link NodeQueue#startWorker}. It reports {@code processed}, {@code failed}, {@code active},
 * {@code progress}, {@code stalled} and {@code error} {@linkplain NodeEvent events}.
 */
public final class NodeWorker implements AutoCloseable {

    private final NodeBullmq node;
    private final NodeQueue queue;
    private final String id;
    private volatile boolean closed;

    NodeWorker(NodeBullmq node, NodeQueue queue, String id) {
        this.node = node;
        this.queue = queue;
        this.id = id;
    }

    /** The driver's handle for this worker (e.g. {@code w3}), found in its events' {@code worker} field. */
    public String id() {
        return id;
    }

    /** The queue it works on. */
    public NodeQueue queue() {
        return queue;
    }

    /** Waits for this worker to complete the job; returns the {@code processed} event (with {@code returnvalue}). */
    public NodeEvent awaitProcessed(String jobId, Duration timeout) {
        return node.awaitEvent(e -> "processed".equals(e.event()) && id.equals(e.workerId()) && jobId.equals(e.jobId()),
                timeout);
    }

    /** Waits until this worker has completed {@code count} jobs (counted since start or the last event clear). */
    public List<NodeEvent> awaitProcessedCount(int count, Duration timeout) {
        return node.awaitEvents(e -> "processed".equals(e.event()) && id.equals(e.workerId()), count, timeout);
    }

    /**
     * Waits for the {@code attempt}-th failed attempt (1-based) of the job in this worker; returns the
     * {@code failed} event (with {@code failedReason}).
     */
    public NodeEvent awaitFailed(String jobId, int attempt, Duration timeout) {
        List<NodeEvent> fails = node.awaitEvents(
                e -> "failed".equals(e.event()) && id.equals(e.workerId()) && jobId.equals(e.jobId()), attempt, timeout);
        return fails.get(attempt - 1);
    }

    /**
     * Calls {@code worker[method](...args)}, e.g. {@code call("pause", true)}, {@code call("resume")},
     * {@code call("isRunning")}, {@code call("rateLimit", 1000)}.
     */
    public JsonNode call(String method, Object... args) {
        ObjectNode req = node.newRequest("call").put("target", "worker").put("workerId", id).put("method", method);
        req.set("args", NodeBullmq.tree(args));
        return node.request(req);
    }

    /** {@code worker.close()}: stops fetching and waits for running jobs to finish. */
    @Override
    public void close() {
        close(false);
    }

    /** {@code worker.close(force)}; with {@code force} running jobs are abandoned (they stall later). */
    public void close(boolean force) {
        if (closed) {
            return;
        }
        closed = true;
        if (node.isAlive()) {
            // concurrent: a graceful close waits for running jobs; other requests need not wait behind it
            node.request(node.newRequest("workerStop").put("workerId", id).put("force", force).put("concurrent", true),
                    Duration.ofSeconds(60));
        }
    }

    @Override
    public String toString() {
        return "NodeWorker[" + id + " on " + queue + "]";
    }
}
