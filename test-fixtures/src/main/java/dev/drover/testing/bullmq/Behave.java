package dev.drover.testing.bullmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the {@code __behave} instructions that a Node worker started by {@link NodeQueue#startWorker}
 * follows for a job. Steps run in this order: {@code sleepMs}, {@code progress}, {@code log},
 * {@code failAttempts}/{@code fail}, {@code unrecoverable}, {@code rateLimitMs}, {@code return}.
 *
 * <pre>{@code
 * queue.add("n", Behave.create().sleepMs(50).returning(NodeBullmq.tree(Map.of("x", 1))).asData(), null);
 * }</pre>
 */
public final class Behave {

    private final ObjectNode spec = Json.MAPPER.createObjectNode();

    private Behave() {
    }

    /** An empty behaviour: the job completes with a {@code null} return value. */
    public static Behave create() {
        return new Behave();
    }

    /** Waits this long before anything else. */
    public Behave sleepMs(long ms) {
        spec.put("sleepMs", ms);
        return this;
    }

    /** Calls {@code job.updateProgress(value)}. */
    public Behave progress(JsonNode value) {
        spec.set("progress", value);
        return this;
    }

    /** Calls {@code job.log(line)}. */
    public Behave log(String line) {
        spec.withArray("log").add(line);
        return this;
    }

    /** Throws {@code Error(reason)}: the attempt fails (retried while attempts remain). */
    public Behave fail(String reason) {
        spec.put("fail", reason);
        return this;
    }

    /** Fails (with the {@link #fail} reason if set) while {@code job.attemptsMade < n}, then goes on. */
    public Behave failAttempts(int n) {
        spec.put("failAttempts", n);
        return this;
    }

    /** Throws {@code UnrecoverableError(reason)}: the job fails at once, whatever attempts remain. */
    public Behave unrecoverable(String reason) {
        spec.put("unrecoverable", reason);
        return this;
    }

    /** Calls {@code worker.rateLimit(ms)} and throws the RateLimitError: the job goes back to wait. */
    public Behave rateLimitMs(long ms) {
        spec.put("rateLimitMs", ms);
        return this;
    }

    /** Completes with this return value. */
    public Behave returning(JsonNode value) {
        spec.set("return", value);
        return this;
    }

    /** The behaviour object itself (for a worker's default behaviour). */
    public ObjectNode spec() {
        return spec.deepCopy();
    }

    /** Job data holding only this behaviour: {@code {"__behave": {...}}}. */
    public ObjectNode asData() {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.set("__behave", spec.deepCopy());
        return data;
    }

    /** A copy of {@code data} (an object) with {@code __behave} added. */
    public ObjectNode into(JsonNode data) {
        ObjectNode copy = data == null ? Json.MAPPER.createObjectNode() : ((ObjectNode) data).deepCopy();
        copy.set("__behave", spec.deepCopy());
        return copy;
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
