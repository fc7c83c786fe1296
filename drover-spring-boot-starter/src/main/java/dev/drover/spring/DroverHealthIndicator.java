package dev.drover.spring;

import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.RedisConfig;
import dev.drover.queue.RedisProbe;
import dev.drover.queue.Worker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code drover} in {@code /actuator/health}: UP when Redis answers and every worker the context started still runs;
 * DOWN otherwise, saying which (the Redis address without password, the error, the stopped workers). Details: the
 * jobs per state of each queue opened so far, and each worker's running state and active jobs.
 */
final class DroverHealthIndicator implements HealthIndicator, AutoCloseable {

    private final Queues queues;
    private final DroverWorkers workers;
    /** Kept between checks: one PING per master each time, not a new topology (Sentinel subscriptions included). */
    private final RedisProbe probe;

    DroverHealthIndicator(Queues queues, DroverWorkers workers) {
        this.queues = queues;
        this.workers = workers;
        RedisConfig redis = queues.options().redis();
        this.probe = new RedisProbe(redis, redis.timeout());
    }

    @Override
    public void close() {
        probe.close();
    }

    @Override
    public Health health() {
        RedisConfig redis = queues.options().redis();
        Health.Builder health = Health.up().withDetail("redis", redis.toString());
        String unreachable = probe.ping(); // every master: Sentinel's, each shard's
        if (unreachable != null) {
            health.down().withDetail("error", "redis unreachable: " + unreachable);
        } else {
            try {
                Map<String, Object> depth = new LinkedHashMap<>();
                queues.opened().forEach((name, q) -> depth.put(name, counts(q)));
                health.withDetail("queues", depth);
            } catch (RuntimeException e) {
                health.down().withDetail("error", "cannot read the queues: " + e.getMessage());
            }
        }
        Map<String, Object> state = new LinkedHashMap<>();
        boolean allRunning = true;
        for (Map.Entry<String, Worker> w : workers.workers().entrySet()) {
            boolean up = w.getValue().isRunning();
            allRunning &= up;
            state.put(w.getKey(), Map.of("running", up, "activeJobs", w.getValue().activeJobs()));
        }
        if (workers.isRunning() && !allRunning) {
            health.down();
        }
        return health.withDetail("workers", state).build();
    }

    private static Map<String, Long> counts(Queue q) {
        Map<String, Long> out = new LinkedHashMap<>();
        q.getJobCounts().forEach((s, n) -> {
            if (s != JobState.UNKNOWN) {
                out.put(s.bullName(), n);
            }
        });
        return out;
    }
}
