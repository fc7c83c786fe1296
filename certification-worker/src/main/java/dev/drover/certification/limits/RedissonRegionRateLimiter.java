package dev.drover.certification.limits;

import dev.drover.certification.RegionRateLimiter;
import dev.drover.daemon.RedissonConfigs;
import dev.drover.queue.RedisConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.Redisson;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;

/**
 * The production {@link RegionRateLimiter}: one Redisson {@link RRateLimiter} per region, named
 * {@code <prefix>:certification:bedrock-rate:<region>}, of type OVERALL, so every certification worker on the same
 * Redis draws from one bucket per region ({@code ratePerSecond} permits each second).
 *
 * <p>The rate is stored in Redis with the limiter. A worker started with a different rate rewrites it (the last one
 * started wins) rather than silently keeping the old one, as {@code trySetRate} alone would.
 */
public final class RedissonRegionRateLimiter implements RegionRateLimiter, AutoCloseable {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final RedissonClient redisson;
    private final String keyPrefix;
    private final long ratePerSecond;
    private final Map<String, RRateLimiter> limiters = new ConcurrentHashMap<>();

    /**
     * Connects its own Redisson client to {@code redis} (one server, Sentinel or Cluster, TLS and ACL as configured:
     * {@link RedissonConfigs}); closed by {@link #close()}.
     */
    public RedissonRegionRateLimiter(RedisConfig redis, String keyPrefix, int ratePerSecond) {
        this.redisson = Redisson.create(RedissonConfigs.of(redis, 4));
        this.keyPrefix = keyPrefix;
        this.ratePerSecond = ratePerSecond;
    }

    @Override
    public void acquire(String region) {
        limiters.computeIfAbsent(region, this::limiter).acquire();
    }

    private RRateLimiter limiter(String region) {
        RRateLimiter limiter = redisson.getRateLimiter(keyPrefix + ":certification:bedrock-rate:" + region);
        if (!limiter.trySetRate(RateType.OVERALL, ratePerSecond, INTERVAL)) {
            var current = limiter.getConfig();
            if (current.getRate() != ratePerSecond || current.getRateInterval() != INTERVAL.toMillis()) {
                limiter.setRate(RateType.OVERALL, ratePerSecond, INTERVAL);
            }
        }
        return limiter;
    }

    @Override
    public void close() {
        redisson.shutdown();
    }
}
