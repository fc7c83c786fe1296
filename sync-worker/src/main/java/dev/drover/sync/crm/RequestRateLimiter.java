package dev.drover.sync.crm;

/**
 * Paces requests to the CRM so that all workers together stay under its rate limit. The client takes one permit per
 * HTTP request, retries included.
 *
 * <p>Implementations: {@link RedissonRequestRateLimiter} (shared across processes through Redis) and
 * {@link #unlimited()} (one-off tools).
 */
public interface RequestRateLimiter {

    /** Blocks until a request may be sent. */
    void acquire();

    /** Takes a permit if one is free now; never blocks. */
    boolean tryAcquire();

    /** A limiter that never waits. */
    static RequestRateLimiter unlimited() {
        return new RequestRateLimiter() {
            @Override
            public void acquire() {
            }

            @Override
            public boolean tryAcquire() {
                return true;
            }
        };
    }
}
