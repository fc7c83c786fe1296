package dev.drover.queue.internal.runtime;

import dev.drover.queue.QueueException;
import dev.drover.queue.internal.redis.RedisExecutor;
import dev.drover.queue.internal.script.ScriptCall;
import dev.drover.queue.internal.script.Scripts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the finishing script calls of a worker's concurrent slots share round trips and Redis work. A slot hands its
 * call to {@link #eval} and waits; one sender thread takes whatever calls are queued and sends them as one pipeline
 * on one connection, the moveToFinished calls among them grouped into finishBatch-15 calls of up to
 * {@value BatchedFinishes#MAX_JOBS} jobs ({@link BatchedFinishes}), then hands each slot its own reply. Without this
 * every slot paid a full round trip on its own pooled connection, and every finish read the queue's meta, touched
 * the marker and looked for due delayed jobs on its own.
 *
 * <p>Contract, the same as {@link RedisExecutor#eval} for the caller:
 * <ul>
 *   <li>a retry, delay or release call is its own EVALSHA; the moveToFinished calls of one batch run in one atomic
 *       script, in the order they were queued, each with its own lock-token checks: one job's lost lock or missing
 *       hash is that call's reply only, and the others are finished as their lone calls would have been;
 *   <li>calls of one slot are sequential (a slot waits for its reply before its next call), so per-job order holds;
 *   <li>the reply is the raw reply the call's lone script would have given; a finish that raised an error throws,
 *       for that call only, the {@link QueueException} that {@code eval} would have thrown;
 *   <li>a connection failure throws a REDIS {@link QueueException} to every call of the batch in flight. As with a
 *       lone EVALSHA whose reply was lost, such a call may have run (a batch script runs whole or not at all):
 *       callers repeat it, alone or in another batch, and our finishing scripts recognise, job by job, a repeat
 *       of a call that already ran and answer as it did (see moveToFinished-14.lua).
 * </ul>
 * Before {@link #start} and after {@link #close}, and when batching is off (concurrency 1: nothing to share a round
 * trip with, and the hand-off to the sender would only add latency), calls go straight to {@code eval}.
 */
final class FinishBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FinishBatcher.class);
    /** A cap on one pipeline, so one batch's replies are handed out before a very long queue is sent. */
    private static final int MAX_BATCH = 512;
    private static final long IDLE_POLL_MS = 100;

    private record Pending(ScriptCall call, CompletableFuture<Object> reply) {}

    private final RedisExecutor redis;
    private final Scripts scripts;
    private final String label;
    private final boolean enabled;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread sender;

    FinishBatcher(RedisExecutor redis, Scripts scripts, String label, boolean enabled) {
        this.redis = redis;
        this.scripts = scripts;
        this.label = label;
        this.enabled = enabled;
    }

    void start() {
        if (!enabled) {
            return;
        }
        running = true;
        sender = Thread.ofPlatform().daemon().name("drover-finish-" + label).start(this::sendLoop);
    }

    /** Runs one script call, sharing a round trip with whatever other slots are finishing; see the class contract. */
    Object eval(ScriptCall call) {
        if (!running) {
            return redis.eval(call);
        }
        Pending p = new Pending(call, new CompletableFuture<>());
        queue.add(p);
        // closed meanwhile, and the sender may have gone: if the call is still queued, nothing will send it but us
        if (!running && queue.remove(p)) {
            return redis.eval(call);
        }
        return await(p.reply());
    }

    /**
     * Waits without giving up on interrupt: the call is already on its way and will be answered (the connection has
     * a socket timeout), and abandoning it would leave the slot not knowing whether its job was finished. The
     * interrupt is kept for the caller.
     */
    private static Object await(CompletableFuture<Object> reply) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return reply.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void sendLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        // after close, calls already queued are still sent: their slots are waiting for them
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        failLeftovers();
    }

    private void send(List<Pending> queued) {
        // the finishes first, so they form one run that BatchedFinishes sends as few batch calls; the slots' calls
        // are independent of each other, so their order within a batch is free
        List<Pending> batch = new ArrayList<>(queued.size());
        queued.stream().filter(p -> BatchedFinishes.batchable(p.call())).forEach(batch::add);
        queued.stream().filter(p -> !BatchedFinishes.batchable(p.call())).forEach(batch::add);
        List<ScriptCall> calls = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            calls.add(p.call());
        }
        List<Object> replies;
        try {
            replies = BatchedFinishes.evalEach(redis, scripts, calls);
        } catch (RuntimeException e) {
            // connection failure: any of these may or may not have run; each caller's retry decides what to do
            batch.forEach(p -> p.reply().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Object r = replies.get(i);
            if (r instanceof QueueException e) {
                batch.get(i).reply().completeExceptionally(e);
            } else {
                batch.get(i).reply().complete(r);
            }
        }
    }

    /** Only when the sender was interrupted: fail what it will not send, so no slot waits forever. */
    private void failLeftovers() {
        Pending p;
        while ((p = queue.poll()) != null) {
            p.reply().completeExceptionally(new QueueException(QueueException.Kind.REDIS,
                    "worker " + label + " stopped before this call was sent"));
        }
    }

    /** Stops batching: calls already queued are still sent; later calls go straight to Redis. */
    @Override
    public void close() {
        running = false;
        Thread t = sender;
        if (t == null) {
            return;
        }
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            log.warn("[{}] finish sender still busy after 10 s; leaving it to finish on its own", label);
        }
    }
}
