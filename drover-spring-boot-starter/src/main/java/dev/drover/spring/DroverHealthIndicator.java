package dev.drover.spring;

import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.Telemetry;
import dev.drover.queue.Worker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code drover} in {@code /actuator/health}: UP when Redis answers and every worker the context started still runs;
 * DOWN otherwise, saying which (the Redis address without password, the error, the stopped workers). Details: the
 * jobs per state of each queue opened so far, and each worker's running state and active jobs.
 */
final class DroverHealthIndicator implements HealthIndicator, DisposableBean {

    private final Queues queues;
    private final DroverWorkers workers;
    private final Queue probe;

    DroverHealthIndicator(Queues queues, DroverWorkers workers) {
        this.queues = queues;
        this.workers = workers;
        this.probe = new Queue("drover-health", queues.options().toBuilder().maxConnections(1)
                .telemetry(Telemetry.NONE).build());
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("redis", queues.options().redis().toString());
        try {
            probe.isPaused(); // one round trip, even before any queue is opened
            Map<String, Object> depth = new LinkedHashMap<>();
            queues.opened().forEach((name, q) -> depth.put(name, counts(q)));
            health.withDetail("queues", depth);
        } catch (RuntimeException e) {
            health.down().withDetail("error", "redis unreachable: " + e.getMessage());
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

    @Override
    public void destroy() {
        probe.close();
    }
}
