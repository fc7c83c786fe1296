package dev.drover.queue.internal.runtime;

import dev.drover.queue.internal.script.FetchArgs;
import redis.clients.jedis.Jedis;

/**
 * Takes jobs for one worker: moveToActive, and when there is nothing to take, a blocking BZPOPMIN on the queue's
 * marker over the worker's own named connection (never polling). The block lasts drainDelay, or until the next
 * delayed job is due, capped at 10 s like BullMQ, so delayed jobs start on time and a lost wake-up costs little.
 */
final class Fetcher implements AutoCloseable {

    private static final long MAX_BLOCK_MS = 10_000;

    private final WorkerContext ctx;
    private volatile Jedis blocking;

    Fetcher(WorkerContext ctx) {
        this.ctx = ctx;
    }

    FetchResult fetch() {
        FetchArgs args = ctx.nextFetchArgs();
        Object reply = ctx.client().run(ctx.client().scripts().moveToActive(args, ctx.client().now()), "moveToActive");
        return FetchResult.decode(reply, args.token());
    }

    /** Blocks until the marker says there may be work, the next delayed job is due, or drainDelay passes. */
    void awaitWork(long nextDelayMs) {
        long now = ctx.client().now();
        long blockMs = Math.min(ctx.options().drainDelay().toMillis(), MAX_BLOCK_MS);
        if (nextDelayMs > 0) {
            blockMs = Math.min(blockMs, nextDelayMs - now);
        }
        if (blockMs <= 0) {
            return;
        }
        connection().bzpopmin(blockMs / 1000.0, ctx.client().keys().marker());
        // a popped "1" marker carries the next delayed timestamp; moveToActive will promote it once due, and
        // returns that timestamp so the next block is bounded by it
    }

    private Jedis connection() {
        Jedis j = blocking;
        if (j == null || !j.isConnected() || j.isBroken()) {
            if (j != null) {
                j.close();
            }
            j = ctx.client().redis().dedicatedConnection(ctx.connectionName());
            blocking = j;
        }
        return j;
    }

    /** Makes sure the worker shows up in CLIENT LIST even before its first block. */
    void connect() {
        connection().ping();
    }

    /** Closing from another thread aborts a BZPOPMIN in progress (its socket closes). */
    @Override
    public void close() {
        Jedis j = blocking;
        if (j != null) {
            try {
                j.disconnect();
            } catch (RuntimeException ignored) {
                // already broken: nothing to release
            }
        }
    }
}
