package dev.drover.queue;

import java.time.Duration;

/**
 * How a {@link Worker} runs. Defaults are BullMQ's: concurrency 1, lockDuration 30 s, stalledInterval 30 s,
 * maxStalledCount 1, drainDelay 5 s, no limiter, no metrics.
 *
 * @param name              worker name: stored as {@code pb} on jobs and in the connection name ({@code :w:<name>})
 * @param concurrency       jobs run at once, each on its own thread (virtual; a platform thread at concurrency 1,
 *                          see {@link Processor})
 * @param lockDuration      how long a job's lock lives without renewal; renewed every lockDuration/4
 * @param stalledInterval   how often the stalled check runs (shared by all workers via {@code stalled-check})
 * @param maxStalledCount   stalls tolerated before the job is failed
 * @param drainDelay        longest block on the marker when the queue is empty (BZPOPMIN timeout; capped at 10 s)
 * @param limiter           this worker's rate limit, or null; the queue's meta max/duration wins when set
 * @param metricsDataPoints per-minute metrics points to keep (BullMQ's maxDataPoints), 0 = metrics off
 * @param shutdownTimeout   how long {@link Worker#close()} waits for running jobs before releasing them
 */
public record WorkerOptions(String name, int concurrency, Duration lockDuration, Duration stalledInterval,
                            int maxStalledCount, Duration drainDelay, RateLimit limiter, int metricsDataPoints,
                            Duration shutdownTimeout) {

    public static final WorkerOptions DEFAULTS = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().name(name).concurrency(concurrency).lockDuration(lockDuration)
                .stalledInterval(stalledInterval).maxStalledCount(maxStalledCount).drainDelay(drainDelay)
                .limiter(limiter).metricsDataPoints(metricsDataPoints).shutdownTimeout(shutdownTimeout);
    }

    /** Builder for {@link WorkerOptions}; {@link #build()} validates. */
    public static final class Builder {
        private String name;
        private int concurrency = 1;
        private Duration lockDuration = Duration.ofSeconds(30);
        private Duration stalledInterval = Duration.ofSeconds(30);
        private int maxStalledCount = 1;
        private Duration drainDelay = Duration.ofSeconds(5);
        private RateLimit limiter;
        private int metricsDataPoints;
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        public Builder name(String name) { this.name = name; return this; }
        public Builder concurrency(int n) { this.concurrency = n; return this; }
        public Builder lockDuration(Duration d) { this.lockDuration = d; return this; }
        public Builder stalledInterval(Duration d) { this.stalledInterval = d; return this; }
        public Builder maxStalledCount(int n) { this.maxStalledCount = n; return this; }
        public Builder drainDelay(Duration d) { this.drainDelay = d; return this; }
        public Builder limiter(RateLimit limit) { this.limiter = limit; return this; }
        public Builder metricsDataPoints(int n) { this.metricsDataPoints = n; return this; }
        public Builder shutdownTimeout(Duration d) { this.shutdownTimeout = d; return this; }

        public WorkerOptions build() {
            require(name == null || (!name.isBlank() && !name.contains(" ")), "name must be non-blank without spaces");
            require(concurrency >= 1, "concurrency must be >= 1, got " + concurrency);
            require(lockDuration != null && lockDuration.toMillis() >= 100, "lockDuration must be >= 100 ms, got " + lockDuration);
            require(stalledInterval != null && stalledInterval.toMillis() >= 100,
                    "stalledInterval must be >= 100 ms, got " + stalledInterval);
            require(maxStalledCount >= 0, "maxStalledCount must be >= 0, got " + maxStalledCount);
            require(drainDelay != null && drainDelay.toMillis() >= 1, "drainDelay must be >= 1 ms, got " + drainDelay);
            require(metricsDataPoints >= 0, "metricsDataPoints must be >= 0, got " + metricsDataPoints);
            require(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdownTimeout must be >= 0");
            return new WorkerOptions(name, concurrency, lockDuration, stalledInterval, maxStalledCount, drainDelay,
                    limiter, metricsDataPoints, shutdownTimeout);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
