package dev.drover.queue.micrometer;

import dev.drover.queue.Job;
import dev.drover.queue.Processor;
import dev.drover.queue.Queue;
import dev.drover.queue.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Micrometer meters for the workers built with it (set it as the {@link Telemetry} of their
 * {@link dev.drover.queue.QueueOptions}). Names as Prometheus shows them; tags {@code queue}, {@code name} (the job
 * name) and {@code outcome}:
 * <ul>
 *   <li>{@code drover_job_wait_seconds{queue,name}}: from when a job was ready (added, or its delay over) to its
 *       first start, a histogram;</li>
 *   <li>{@code drover_job_processing_seconds{queue,name,outcome}}: how long the processor ran, by outcome
 *       ({@code completed}, {@code failed}, {@code retried}, {@code delayed}, {@code rate_limited}), a histogram;</li>
 *   <li>{@code drover_jobs_completed_total}, {@code drover_jobs_failed_total} (failed for good),
 *       {@code drover_jobs_retried_total} (an attempt failed and the job runs again), all {@code {queue,name}};</li>
 *   <li>{@code drover_jobs_stalled_total{queue}}: jobs a worker's stalled check found (their worker died or froze);</li>
 *   <li>{@code drover_jobs_active{queue}}: jobs in a processor now;</li>
 *   <li>{@code drover_lock_renewal_failures_total{queue}}: job locks a worker failed to renew;</li>
 *   <li>{@code drover_queue_depth{queue,state}}: jobs per state of each queue given to {@link #watchQueue}.</li>
 * </ul>
 * Job names become tag values: keep them few (as BullMQ job names usually are), never ids or user input.
 *
 * <p>Micrometer is an optional dependency of queue-core: only applications that use this class need it.
 */
public final class QueueMetrics implements Telemetry {

    /** How long a depth read serves scrapes before the next one reads Redis again. */
    public static final Duration DEFAULT_DEPTH_TTL = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final Duration depthTtl;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private final Map<String, Object> meters = new ConcurrentHashMap<>();
    private final Map<String, QueueDepth> depths = new ConcurrentHashMap<>();

    public QueueMetrics(MeterRegistry registry) {
        this(registry, DEFAULT_DEPTH_TTL);
    }

    /** @param depthTtl how long one read of a queue's depth serves scrapes (zero: read on every scrape) */
    public QueueMetrics(MeterRegistry registry, Duration depthTtl) {
        this.registry = registry;
        this.depthTtl = depthTtl;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Publishes {@code drover_queue_depth{queue,state}} for {@code queue}: one pipelined read of every state per
     * {@code depthTtl} at most, made by the scrape that finds the last read too old (a failed read keeps the last
     * values; a job a worker of this {@code QueueMetrics} finishes makes the next scrape read again). Also
     * publishes the queue's {@code drover_jobs_active}, {@code drover_jobs_stalled_total} and
     * {@code drover_lock_renewal_failures_total} at once, at zero until something happens. The caller keeps
     * {@code queue} open while it is watched; watching a queue name twice does nothing.
     */
    public void watchQueue(Queue queue) {
        depths.computeIfAbsent(queue.name(), n -> new QueueDepth(queue, depthTtl).register(registry));
        activeGauge(queue.name());
        stalledCounter(queue.name());
        lockRenewalCounter(queue.name());
    }

    @Override
    public Object process(String queue, Job job, Processor processor) throws Exception {
        if (job.attemptsStarted() <= 1) {
            job.processedOn().ifPresent(started -> waitTimer(queue, job.name()).record(waited(job, started)));
        }
        AtomicInteger running = activeGauge(queue);
        running.incrementAndGet();
        try {
            return processor.process(job);
        } finally {
            running.decrementAndGet();
        }
    }

    private AtomicInteger activeGauge(String queue) {
        return active.computeIfAbsent(queue, q -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("drover.jobs.active", n, AtomicInteger::get).tag("queue", q)
                    .description("jobs in a processor now").register(registry);
            return n;
        });
    }

    /** From when the job was ready (added, plus the delay it was added with) to its start; never negative. */
    private static Duration waited(Job job, Instant started) {
        Instant ready = job.timestamp().plusMillis(Math.max(job.opts().delay(), 0));
        return ready.isAfter(started) ? Duration.ZERO : Duration.between(ready, started);
    }

    @Override
    public void attemptEnded(String queue, Job job, Outcome outcome, Duration processing) {
        QueueDepth depth = depths.get(queue);
        if (depth != null) {
            depth.invalidate();
        }
        if (processing != null) {
            processingTimer(queue, job.name(), outcome).record(processing);
        }
        switch (outcome) {
            case COMPLETED -> counter("drover.jobs.completed", "jobs completed", queue, job.name()).increment();
            case FAILED -> counter("drover.jobs.failed", "jobs failed for good", queue, job.name()).increment();
            case RETRIED -> counter("drover.jobs.retried", "failed attempts that run again", queue, job.name())
                    .increment();
            case DELAYED, RATE_LIMITED -> {
                // neither done nor failed: only the processing timer's outcome tag shows them
            }
        }
    }

    @Override
    public void jobsStalled(String queue, int count) {
        stalledCounter(queue).increment(count);
    }

    @Override
    public void lockRenewalsFailed(String queue, int count) {
        lockRenewalCounter(queue).increment(count);
    }

    private Counter stalledCounter(String queue) {
        return counter("drover.jobs.stalled", "jobs found stalled by this worker's check", queue, null);
    }

    private Counter lockRenewalCounter(String queue) {
        return counter("drover.lock.renewal.failures", "job locks not renewed", queue, null);
    }

    private Timer waitTimer(String queue, String name) {
        return meter("w|" + queue + "|" + name, k -> Timer.builder("drover.job.wait")
                .description("from ready to first start").tags("queue", queue, "name", name)
                .publishPercentileHistogram().register(registry));
    }

    private Timer processingTimer(String queue, String name, Outcome outcome) {
        return meter("p|" + queue + "|" + name + "|" + outcome, k -> Timer.builder("drover.job.processing")
                .description("processor run time").tags("queue", queue, "name", name, "outcome", outcome.tag())
                .publishPercentileHistogram().register(registry));
    }

    private Counter counter(String meter, String description, String queue, String name) {
        return meter(meter + "|" + queue + "|" + name, k -> {
            Counter.Builder b = Counter.builder(meter).description(description).tag("queue", queue);
            return (name == null ? b : b.tag("name", name)).register(registry);
        });
    }

    @SuppressWarnings("unchecked")
    private <M> M meter(String key, Function<String, M> create) {
        return (M) meters.computeIfAbsent(key, create);
    }

    @Override
    public String toString() {
        return "QueueMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
