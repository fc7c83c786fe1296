package dev.drover.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * Deduplication of a job (BullMQ's {@code de} option): while the key {@code P:Q:de:<id>} lives, adding another job
 * with the same id adds nothing, returns the id of the job that owns the key and emits {@code deduplicated}.
 * Without a ttl the key lives until its job completes, fails for good or is removed; with a ttl it expires after
 * {@code ttl} whatever the job does.
 *
 * @param id      the deduplication id (non-blank)
 * @param ttl     how long the key lives, or null for "until the job finishes"
 * @param extend  a deduplicated add resets the ttl (needs a ttl)
 * @param replace a deduplicated add replaces the owning job while it is still delayed (data, opts and delay of
 *                the newest add win); a job that already waits or runs is kept
 */
public record Deduplication(String id, Duration ttl, boolean extend, boolean replace) {

    public Deduplication {
        Objects.requireNonNull(id, "deduplication id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("deduplication id must not be blank");
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("deduplication ttl must be > 0, got " + ttl);
        }
        if (extend && ttl == null) {
            throw new IllegalArgumentException("deduplication extend needs a ttl (deduplication id '" + id + "')");
        }
    }

    /** Deduplicates while the owning job is pending or running. */
    public static Deduplication untilFinished(String id) {
        return new Deduplication(id, null, false, false);
    }

    /** Deduplicates for {@code ttl} from the first add. */
    public static Deduplication forDuration(String id, Duration ttl) {
        return new Deduplication(id, ttl, false, false);
    }

    /** The ttl in ms, 0 when there is none. */
    public long ttlMillis() {
        return ttl == null ? 0 : ttl.toMillis();
    }
}
