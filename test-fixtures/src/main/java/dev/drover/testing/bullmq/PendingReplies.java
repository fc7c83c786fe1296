package dev.drover.testing.bullmq;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests sent to a driver that await its reply, keyed by the {@code id} each request carries. A caller
 * {@linkplain #register registers} before writing, so a reply cannot beat it; the stdout reader
 * {@linkplain #complete completes}; once {@linkplain #end ended} (the process is gone) every waiting and
 * later request fails with the reason and the stderr tail. Thread-safe.
 */
final class PendingReplies {

    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StderrTail stderr;
    private volatile String endReason;

    PendingReplies(StderrTail stderr) {
        this.stderr = stderr;
    }

    /** A reply awaited under {@code id}. */
    record Reply(long id, CompletableFuture<JsonNode> future) {
    }

    /** Why no more replies will come, or {@code null} while the process runs. */
    String endReason() {
        return endReason;
    }

    /** The failure for requests made after the end. */
    NodeBullmqException gone() {
        return new NodeBullmqException(endReason + stderr.suffix(), null);
    }

    /** A fresh id and its reply. */
    Reply register() {
        long id = nextId.incrementAndGet();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        pending.put(id, future);
        if (endReason != null) { // end() may have failed the pending requests just before our put
            pending.remove(id);
            throw gone();
        }
        return new Reply(id, future);
    }

    /** Forgets a reply nobody will wait for (its request could not be written). */
    void cancel(Reply reply) {
        pending.remove(reply.id());
    }

    /** Hands a reply line to its waiter; one that gave up has already been forgotten. */
    void complete(long id, JsonNode msg) {
        CompletableFuture<JsonNode> future = pending.remove(id);
        if (future != null) {
            future.complete(msg);
        }
    }

    /** Fails every waiting request and, from now on, every new one. */
    void end(String reason) {
        endReason = reason;
        NodeBullmqException gone = gone();
        pending.values().forEach(f -> f.completeExceptionally(gone));
        pending.clear();
    }

    /**
     * Waits for the reply to {@code sent}.
     *
     * @throws NodeBullmqException on timeout, interrupt, or when the process ended meanwhile
     */
    JsonNode await(Reply reply, JsonNode sent, Duration timeout) {
        try {
            return reply.future().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            cancel(reply);
            Thread.currentThread().interrupt();
            throw new NodeBullmqException("interrupted waiting for " + sent.get("op").asText(), null);
        } catch (TimeoutException e) {
            cancel(reply);
            throw new NodeBullmqException("no answer to " + abbreviate(sent.toString()) + " within " + timeout
                    + stderr.suffix(), null);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof NodeBullmqException n ? n : new NodeBullmqException(e.getCause().toString(), null);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
