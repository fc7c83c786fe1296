package dev.drover.certification;

/**
 * Paces Bedrock calls per region. The production implementation is shared by every certification worker through
 * Redis (a Redisson {@code RRateLimiter} named per region, rate {@link CertificationConfig#regionRatePerSecond()}), so
 * that N workers together stay under one account's regional quota:
 * {@link dev.drover.certification.limits.RedissonRegionRateLimiter}.
 *
 * <p>{@link #acquire} is called before every attempt, retries included, and may block; it must not throw except when
 * interrupted.
 */
public interface RegionRateLimiter {

    /** Blocks until one more call to {@code region} is allowed. */
    void acquire(String region) throws InterruptedException;

    /** No pacing: for tests and single-shot tools. */
    static RegionRateLimiter unlimited() {
        return region -> { };
    }
}
