package dev.drover.queue.micrometer;

import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code drover_queue_depth{queue,state}} for one queue: the gauges read a cached copy of the counts, refreshed by
 * the first gauge read after it is {@code ttl} old (one round trip for every state), so a scrape costs Redis at
 * most one read per queue per ttl.
 */
final class QueueDepth {

    private static final Logger log = LoggerFactory.getLogger(QueueDepth.class);

    private final Queue queue;
    private final long ttlNanos;
    private volatile Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    private long readAt;
    private boolean read;

    QueueDepth(Queue queue, Duration ttl) {
        this.queue = queue;
        this.ttlNanos = ttl.toNanos();
    }

    QueueDepth register(MeterRegistry registry) {
        for (JobState state : JobState.values()) {
            if (state != JobState.UNKNOWN) {
                Gauge.builder("drover.queue.depth", this, d -> d.count(state)).description("jobs in the state")
                        .tags("queue", queue.name(), "state", state.bullName()).register(registry);
            }
        }
        return this;
    }

    private double count(JobState state) {
        refreshIfOld();
        return counts.getOrDefault(state, 0L);
    }

    /** The next gauge read reads Redis again. */
    synchronized void invalidate() {
        read = false;
    }

    private synchronized void refreshIfOld() {
        long now = System.nanoTime();
        if (read && now - readAt < ttlNanos) {
            return;
        }
        read = true;
        readAt = now;
        try {
            counts = queue.getJobCounts();
        } catch (RuntimeException e) {
            log.debug("cannot read the depth of queue {}: {}", queue.name(), e.getMessage());
        }
    }
}
