package dev.drover.queue.internal.runtime;

import dev.drover.queue.internal.redis.RedisExecutor;
import dev.drover.queue.internal.script.FetchArgs;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

/**
 * Takes jobs for one worker: moveToActive, and when there is nothing to take, a blocking BZPOPMIN on the queue's
 * marker over the worker's own named connection (never polling). The block lasts drainDelay, or until the next
 * delayed job is due, capped at 10 s like BullMQ, so delayed jobs start on time and a lost wake-up costs little.
 */
final class Fetcher implements AutoCloseable {

    private static final long MAX_BLOCK_MS = 10_000;
    /** The marker member whose score is the next delayed job's time (protocol section 3). */
    private static final String DELAYED_MARKER = "1";

    private final WorkerContext ctx;
    private volatile Jedis blocking;
    private volatile boolean closed;

    Fetcher(WorkerContext ctx) {
        this.ctx = ctx;
    }

    FetchResult fetch() {
        FetchArgs args = ctx.nextFetchArgs();
        Object reply = ctx.client().run(ctx.client().scripts().moveToActive(args, ctx.client().now()), "moveToActive");
        return FetchResult.decode(reply, args.token());
    }

    /**
     * Blocks until the marker says there may be work, the next delayed job is due, or drainDelay passes. A popped
     * "1" marker whose time is still ahead says only when to look next: fetching then would find nothing and re-arm
     * the marker (fetchNextJob does, for every worker's sake), so the next pop would return at once and the worker
     * would spin until the job is due. Instead it keeps blocking until that time, like BullMQ's worker; a "0" marker
     * from an add still ends the block at once.
     */
    void awaitWork(long nextDelayMs) {
        long deadline = ctx.client().now() + Math.min(ctx.options().drainDelay().toMillis(), MAX_BLOCK_MS);
        if (nextDelayMs > 0) {
            deadline = Math.min(deadline, nextDelayMs);
        }
        long blockMs;
        while ((blockMs = deadline - ctx.client().now()) > 0) {
            long dueAt = futureDelayMarker(popMarker(blockMs));
            if (dueAt == 0) {
                return;
            }
            deadline = Math.min(deadline, dueAt);
        }
    }

    /**
     * BZPOPMIN on the marker. On any failure the connection is dropped and the topology re-read, so that the next
     * block goes to the current master: after a failover the old one answers READONLY, MOVED or UNBLOCKED, or is gone.
     */
    private KeyValue<String, Tuple> popMarker(long blockMs) {
        try {
            return connection().bzpopmin(blockSeconds(blockMs), ctx.client().keys().marker());
        } catch (RuntimeException e) {
            dropConnection();
            throw ctx.client().redis().blockingFailed(e);
        }
    }

    private void dropConnection() {
        Jedis j = blocking;
        blocking = null;
        RedisExecutor.closeQuietly(j);
    }

    /**
     * The BZPOPMIN timeout for a block of {@code blockMs}, at least 10 ms: Redis turns the seconds it is given into
     * whole milliseconds by truncation, so 0.001 s becomes 0, which means "block forever" (seen on 6.2: a worker
     * whose deadline was 1 ms away then slept until the next add, and due delayed jobs waited with it).
     */
    static double blockSeconds(long blockMs) {
        return Math.max(blockMs, 10) / 1000.0;
    }

    /** The time a popped "1" marker names when it is still ahead; 0 for a timeout or a marker meaning look now. */
    private long futureDelayMarker(KeyValue<String, Tuple> popped) {
        if (popped == null || !DELAYED_MARKER.equals(popped.getValue().getElement())) {
            return 0;
        }
        long dueAt = (long) popped.getValue().getScore();
        return dueAt > ctx.client().now() ? dueAt : 0;
    }

    private Jedis connection() {
        if (closed) {
            // the fetch thread is a platform thread, which an interrupt does not wake from a socket read: a block
            // begun on a new connection after close would hold the worker's shutdown for up to drainDelay
            throw new IllegalStateException("worker " + ctx.label() + " is closing");
        }
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
        try {
            connection().ping();
        } catch (RuntimeException e) {
            dropConnection();
            throw ctx.client().redis().blockingFailed(e);
        }
    }

    /** Closing from another thread aborts a BZPOPMIN in progress (its socket closes), and no block starts after it. */
    @Override
    public void close() {
        closed = true;
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
