package dev.drover.queue;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link Queue}, {@link Worker}, {@link QueueEvents} or {@link QueueAdmin} reaches its Redis.
 *
 * @param redis          the server (see {@link RedisConfig#fromUrl})
 * @param prefix         the key prefix, BullMQ's default {@code bull}; use a hash tag such as {@code {drover}} on Cluster
 * @param clock          the source of stored timestamps (client clock ms, as BullMQ); injectable for tests
 * @param maxConnections pooled connections (a worker adds its dedicated blocking one)
 * @param waitReplicas   0 (the default, as BullMQ): an add returns once the master has the job. N &gt; 0: an add
 *                       returns only after Redis {@code WAIT} confirms N replicas have it too, else throws
 *                       {@link NotReplicatedException}; a job so confirmed survives a failover to one of them
 * @param waitTimeout    how long an add waits for those replicas
 */
public record QueueOptions(RedisConfig redis, String prefix, InstantSource clock, int maxConnections,
                           int waitReplicas, Duration waitTimeout) {

    public static final String DEFAULT_PREFIX = "bull";
    public static final int DEFAULT_MAX_CONNECTIONS = 8;
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(1);

    public QueueOptions {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(clock, "clock");
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix must not be empty");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
        }
        if (waitReplicas < 0) {
            throw new IllegalArgumentException("waitReplicas must be >= 0, got " + waitReplicas);
        }
        if (waitTimeout == null || waitTimeout.isNegative() || waitTimeout.isZero() && waitReplicas > 0) {
            // WAIT with timeout 0 blocks forever; an add must come back
            throw new IllegalArgumentException("waitTimeout must be > 0, got " + waitTimeout);
        }
    }

    /** Defaults for a Redis URL: prefix {@code bull}, the system clock. */
    public static QueueOptions of(String redisUrl) {
        return builder().redisUrl(redisUrl).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().redis(redis).prefix(prefix).clock(clock).maxConnections(maxConnections)
                .waitForReplicas(waitReplicas, waitTimeout);
    }

    /** Builder for {@link QueueOptions}. */
    public static final class Builder {
        private RedisConfig redis;
        private String prefix = DEFAULT_PREFIX;
        private InstantSource clock = InstantSource.system();
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int waitReplicas;
        private Duration waitTimeout = DEFAULT_WAIT_TIMEOUT;

        public Builder redis(RedisConfig redis) { this.redis = redis; return this; }
        public Builder redisUrl(String url) { this.redis = RedisConfig.fromUrl(url); return this; }
        public Builder prefix(String prefix) { this.prefix = prefix; return this; }
        public Builder clock(InstantSource clock) { this.clock = clock; return this; }
        public Builder maxConnections(int n) { this.maxConnections = n; return this; }

        /** Adds return only after {@code replicas} replicas confirm the job within {@code timeout} (0: off). */
        public Builder waitForReplicas(int replicas, Duration timeout) {
            this.waitReplicas = replicas;
            this.waitTimeout = timeout;
            return this;
        }

        public QueueOptions build() {
            if (redis == null) {
                throw new IllegalArgumentException("redis must be set (redisUrl or redis)");
            }
            return new QueueOptions(redis, prefix, clock, maxConnections, waitReplicas, waitTimeout);
        }
    }
}
