package dev.drover.queue.parity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * One implementation under comparison, acting on its own key prefix: bullmq in Node ({@link NodeSide}) or Drover
 * ({@link DroverSide}). The parts both share live here: resolving {@link Op.Ref}s by reading the prefix's keys,
 * the slots (lock token → the job a worker holds under it) and the steps that simulate time running out in Redis
 * (a lock, a deduplication ttl or the limiter expiring) by deleting the key, identically on both sides.
 *
 * <p>{@link #apply} never throws for an operation the library refuses: it returns a one-line outcome
 * ({@code ok}, {@code ok <id>} or {@code error: <message>}) for the failure report.
 */
abstract class Side implements AutoCloseable {

    /** Worker and stalled-check settings both sides use: long enough that no real-time ttl runs out in a run. */
    static final long LOCK_MS = 600_000;
    static final long STALLED_INTERVAL_MS = 600_000;
    /** The worker that runs a queue's stalled check. */
    static final String CHECKER = "wA";

    /** What a worker slot holds: the job taken under a token, and its deferred failure if it has one. */
    record Held(String queue, String worker, String jobId, String deferredFailure) { }

    final Jedis jedis;
    final String prefix;
    final int maxStalledCount;
    final Map<String, Held> slots = new HashMap<>();

    Side(Jedis jedis, String prefix, int maxStalledCount) {
        this.jedis = jedis;
        this.prefix = prefix;
        this.maxStalledCount = maxStalledCount;
    }

    String prefix() {
        return prefix;
    }

    /** Carries out one step; see the class comment. */
    final String apply(Op op) {
        try {
            String r = run(op);
            return r == null ? "ok" : "ok " + r;
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }

    abstract String run(Op op);

    /** True when this side holds a job under {@code token} (mixed runs route token steps to its owner). */
    boolean holds(String token) {
        return slots.containsKey(token);
    }

    String key(String queue, String suffix) {
        return prefix + ":" + queue + ":" + suffix;
    }

    /** The id a ref names on this side now ("-" when the state is empty: an id no job has). */
    String resolve(String queue, Op.Ref ref) {
        if (ref.literal() != null) {
            return ref.literal();
        }
        String k = key(queue, ref.state());
        List<String> ids = switch (ref.state()) {
            case "wait", "paused", "active" -> jedis.lrange(k, 0, -1);
            default -> jedis.zrange(k, 0, -1);
        };
        return ids.isEmpty() ? "-" : ids.get(Math.floorMod(ref.index(), ids.size()));
    }

    /** Steps that only simulate time passing in Redis; null when {@code op} is not one. */
    String simulateExpiry(Op op) {
        switch (op) {
            case Op.LoseLock l -> {
                Held h = slots.get(l.token());
                if (h != null) jedis.del(key(h.queue(), h.jobId() + ":lock"));
                return h == null ? "no slot" : h.jobId();
            }
            case Op.ExpireDedup e -> {
                return String.valueOf(jedis.del(key(e.queue(), "de:" + e.dedupId())));
            }
            case Op.ExpireLimiter e -> {
                return String.valueOf(jedis.del(key(e.queue(), "limiter")));
            }
            default -> {
                return null;
            }
        }
    }

    /** The stalled-check gate (PX stalledInterval) expires, so the next check runs. */
    void openStalledGate(String queue) {
        jedis.del(key(queue, "stalled-check"));
    }

    @Override
    public void close() {
        jedis.close();
    }
}
