package dev.drover.queue;

import java.time.Duration;

/** At most {@code max} jobs started per {@code duration}, counted in Redis across every worker of the queue. */
public record RateLimit(int max, Duration duration) {

    public RateLimit {
        if (max < 1) {
            throw new IllegalArgumentException("limiter.max must be >= 1, got " + max);
        }
        if (duration == null || duration.toMillis() < 1) {
            throw new IllegalArgumentException("limiter.duration must be >= 1 ms, got " + duration);
        }
    }
}
