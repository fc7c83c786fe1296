package dev.drover.sync.crm;

import java.time.Duration;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateLimiterConfig;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RequestRateLimiter} kept in Redis by Redisson's {@link RRateLimiter} in {@link RateType#OVERALL} mode, so
 * every worker process using the same key shares one budget of {@code permits} per {@code interval}.
 *
 * <p>The first process to start sets the rate; one that starts with a different rate overwrites it and logs a
 * warning, because the newest deployment's configuration should win rather than a stale one lingering in Redis.
 */
public final class RedissonRequestRateLimiter implements RequestRateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RedissonRequestRateLimiter.class);

    private final RRateLimiter limiter;

    public RedissonRequestRateLimiter(RedissonClient redisson, String key, long permits, Duration interval) {
        this.limiter = redisson.getRateLimiter(key);
        if (!limiter.trySetRate(RateType.OVERALL, permits, interval)) {
            RateLimiterConfig current = limiter.getConfig();
            if (current.getRate() != permits || current.getRateInterval() != interval.toMillis()
                    || current.getRateType() != RateType.OVERALL) {
                LOG.warn("rate limiter {} was {} per {} ms; setting {} per {}", key, current.getRate(),
                        current.getRateInterval(), permits, interval);
                limiter.setRate(RateType.OVERALL, permits, interval);
            }
        }
    }

    /** One process-shared limiter of {@code requestsPerSecond} at {@code <prefix>:sprinthub:rate}. */
    public static RedissonRequestRateLimiter perSecond(RedissonClient redisson, String prefix, int requestsPerSecond) {
        return new RedissonRequestRateLimiter(redisson, prefix + ":sprinthub:rate", requestsPerSecond, Duration.ofSeconds(1));
    }

    @Override
    public void acquire() {
        limiter.acquire();
    }

    @Override
    public boolean tryAcquire() {
        return limiter.tryAcquire();
    }
}
