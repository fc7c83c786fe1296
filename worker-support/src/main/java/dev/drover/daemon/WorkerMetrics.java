package dev.drover.daemon;

import dev.drover.queue.JobOutcome;
import dev.drover.queue.JobState;
import dev.drover.queue.Processor;
import dev.drover.queue.Queue;
import dev.drover.queue.Worker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemons' job meters, tagged {@code queue}. In Prometheus text:
 * <ul>
 *   <li>{@code drover_jobs_completed_total}: processor returned (a {@link JobOutcome.Delayed} or
 *       {@link JobOutcome.RateLimited} counts as neither completed nor failed);</li>
 *   <li>{@code drover_jobs_failed_total}: processor threw (each failed attempt, retried or not);</li>
 *   <li>{@code drover_jobs_active}: jobs in the processor now;</li>
 *   <li>{@code drover_job_processing_seconds}: a histogram of processor run time;</li>
 *   <li>{@code drover_queue_depth{state=...}}: jobs per state, read from Redis on each scrape ({@link #refreshDepths});</li>
 *   <li>{@code drover_lock_renewal_failures_total}: job locks the worker failed to renew.</li>
 * </ul>
 */
public final class WorkerMetrics {

    private static final Logger log = LoggerFactory.getLogger(WorkerMetrics.class);

    private final MeterRegistry registry;
    private final Map<String, Queue> watched = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Wraps {@code processor} so each job it runs is counted and timed; the job's result is unchanged. */
    public Processor instrument(String queue, Processor processor) {
        Counter completed = Counter.builder("drover.jobs.completed").tag("queue", queue).register(registry);
        Counter failed = Counter.builder("drover.jobs.failed").tag("queue", queue).register(registry);
        Timer timer = Timer.builder("drover.job.processing").tag("queue", queue)
                .publishPercentileHistogram().register(registry);
        AtomicInteger active = new AtomicInteger();
        Gauge.builder("drover.jobs.active", active, AtomicInteger::get).tag("queue", queue).register(registry);
        return job -> {
            Timer.Sample sample = Timer.start(registry);
            active.incrementAndGet();
            try {
                Object result = processor.process(job);
                if (!(result instanceof JobOutcome.Delayed || result instanceof JobOutcome.RateLimited)) {
                    completed.increment();
                }
                return result;
            } catch (Exception | Error e) {
                failed.increment();
                throw e;
            } finally {
                active.decrementAndGet();
                sample.stop(timer);
            }
        };
    }

    /** Counts {@code worker}'s lock-renewal failures. */
    public void bindWorker(String queue, Worker worker) {
        FunctionCounter.builder("drover.lock.renewal.failures", worker, Worker::lockRenewalFailures)
                .tag("queue", queue).register(registry);
    }

    /** Publishes the depth of {@code queue} per state; the caller keeps {@code handle} open while watched. */
    public void watchQueue(Queue handle) {
        if (watched.putIfAbsent(handle.name(), handle) != null) {
            return;
        }
        for (JobState state : JobState.values()) {
            if (state == JobState.UNKNOWN) {
                continue;
            }
            AtomicLong value = depths.computeIfAbsent(handle.name() + "|" + state.bullName(), k -> new AtomicLong());
            Gauge.builder("drover.queue.depth", value, AtomicLong::get)
                    .tags("queue", handle.name(), "state", state.bullName()).register(registry);
        }
    }

    /**
     * Reads each watched queue's counts (one round trip per queue). Called before a scrape, so depth costs nothing
     * between scrapes; a Redis error keeps the last values and is logged at debug (readiness reports Redis down).
     */
    public void refreshDepths() {
        watched.forEach((name, queue) -> {
            try {
                queue.getJobCounts().forEach((state, n) -> {
                    AtomicLong v = depths.get(name + "|" + state.bullName());
                    if (v != null) {
                        v.set(n);
                    }
                });
            } catch (RuntimeException e) {
                log.debug("cannot read the depth of queue {}: {}", name, e.getMessage());
            }
        });
    }
}
