package dev.drover.queue;

import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before retrying a failed attempt, in BullMQ's two built-in forms: {@code fixed} (always
 * {@code delay} ms) and {@code exponential} ({@code round(2^(attemptsMade-1) * delay)} ms). A {@code jitter} in
 * 0..1 randomises the low end: the wait is drawn from {@code [d*(1-jitter), d]}. Stored in job opts as
 * {@code {"type","delay","jitter"?}}.
 */
public record Backoff(String type, long delay, double jitter) {

    public static final String FIXED = "fixed";
    public static final String EXPONENTIAL = "exponential";

    public Backoff {
        Objects.requireNonNull(type, "backoff.type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("backoff.type must not be blank");
        }
        if (delay < 0) {
            throw new IllegalArgumentException("backoff.delay must be >= 0 ms, got " + delay);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("backoff.jitter must be within 0..1, got " + jitter);
        }
    }

    public static Backoff fixed(long delayMs) {
        return new Backoff(FIXED, delayMs, 0);
    }

    public static Backoff exponential(long delayMs) {
        return new Backoff(EXPONENTIAL, delayMs, 0);
    }

    public Backoff withJitter(double jitter) {
        return new Backoff(type, delay, jitter);
    }

    /** True for the types a Java worker can compute; a custom Node strategy is not one of them. */
    public boolean isBuiltIn() {
        return FIXED.equals(type) || EXPONENTIAL.equals(type);
    }

    /**
     * The wait before the next attempt after {@code attemptsMade} attempts (counting the one that just failed).
     *
     * @param random a source of uniform doubles in [0,1), injected so tests are deterministic
     */
    public long delayFor(int attemptsMade, DoubleSupplier random) {
        long base = EXPONENTIAL.equals(type)
                ? Math.round(Math.pow(2, Math.max(attemptsMade - 1, 0)) * delay)
                : delay;
        if (jitter > 0) {
            return (long) Math.floor(random.getAsDouble() * base * jitter + base * (1 - jitter));
        }
        return base;
    }
}
