package dev.drover.queue.parity;

import java.util.List;

/**
 * One step of a differential run, in neutral form: each {@link Side} carries it out with its own API (bullmq's in
 * Node, Drover's in Java). Steps name jobs through {@link Ref}s and worker slots through lock tokens, so any subset
 * of a sequence is still a valid sequence (the shrinker relies on it): a step whose job or token is gone fails the
 * same way on both sides and changes nothing.
 */
sealed interface Op {

    /** A job: a literal id, or the {@code index}-th member (mod size) of a state's list/zset, read at run time. */
    record Ref(String literal, String state, int index) {
        static Ref id(String id) { return new Ref(id, null, 0); }
        static Ref in(String state, int index) { return new Ref(null, state, index); }

        @Override
        public String toString() {
            return literal != null ? "'" + literal + "'" : state + "[" + index + "]";
        }
    }

    /** A flow node; children may sit in either queue. */
    record FlowNode(String queue, String name, String dataJson, JobSpec spec, List<FlowNode> children) {
        @Override
        public String toString() {
            return queue + "/" + name + spec + (children.isEmpty() ? "" : children.toString());
        }
    }

    record Add(String queue, String name, String dataJson, JobSpec spec) implements Op { }
    record AddBulk(String queue, List<Add> jobs) implements Op { }
    record AddFlow(FlowNode root) implements Op { }

    /** A worker takes the next job under {@code token} (bullmq's getNextJob(token, {block:false})). */
    record Fetch(String queue, String worker, String token) implements Op { }
    record Complete(String token, String returnJson, boolean fetchNext) implements Op { }
    /** {@code random}: what Math.random() / the jitter source yields for this step. */
    record Fail(String token, String message, boolean unrecoverable, boolean fetchNext, double random)
            implements Op { }
    /**
     * Several worker slots end their attempts at once, in this order, each as {@link Complete} or {@link Fail} would
     * (tokens are distinct). bullmq runs them one call at a time; Drover runs each run of consecutive slots of one
     * worker as one batch (finishBatch-15 for the finishes among them), as its worker's finish batcher does.
     * {@code random} is Math.random / the jitter source for every failing item.
     */
    record FinishBatch(List<Settle> items, double random) implements Op { }
    /** One item of a {@link FinishBatch}; {@code loseLock}: its lock expires just before the batch. */
    record Settle(String token, boolean complete, String returnJson, String message, boolean unrecoverable,
                  boolean fetchNext, boolean loseLock) { }
    record MoveToDelayed(String token, long delayMs) implements Op { }
    record RateLimit(String token, long ms) implements Op { }
    /** The lock of the job held under {@code token} expires (its key is deleted on both sides). */
    record LoseLock(String token) implements Op { }
    /** The stalled-check gate expires and a worker of the queue runs the check. */
    record StalledCheck(String queue) implements Op { }

    record Remove(String queue, Ref job) implements Op { }
    record Drain(String queue, boolean delayed) implements Op { }
    record Clean(String queue, String state, long graceMs, int limit) implements Op { }
    record RetryJobs(String queue, String state) implements Op { }
    record RetryJob(String queue, Ref job, String state) implements Op { }
    record Promote(String queue, Ref job) implements Op { }
    record PromoteJobs(String queue) implements Op { }
    record ChangeDelay(String queue, Ref job, long delayMs) implements Op { }
    record ChangePriority(String queue, Ref job, int priority, boolean lifo) implements Op { }
    record UpdateData(String queue, Ref job, String dataJson) implements Op { }
    record Pause(String queue) implements Op { }
    record Resume(String queue) implements Op { }
    record Obliterate(String queue, boolean force) implements Op { }

    /** {@code everyMs} > 0 for an every-scheduler, else {@code pattern} (cron, UTC). */
    record UpsertScheduler(String queue, String id, long everyMs, String pattern, Integer limit, String name,
                           String dataJson, JobSpec template) implements Op { }
    record RemoveScheduler(String queue, String id) implements Op { }

    /** The shared clock moves forward. */
    record Advance(long ms) implements Op { }
    /** A deduplication key's ttl runs out (deleted on both sides). */
    record ExpireDedup(String queue, String dedupId) implements Op { }
    /** The rate limiter's ttl runs out (deleted on both sides). */
    record ExpireLimiter(String queue) implements Op { }
}
