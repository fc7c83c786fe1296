package dev.drover.gpu.store;

import static dev.drover.db.generated.gpu.Tables.JOB_METRICS;

import dev.drover.gpu.nvidia.GpuSample;
import dev.drover.gpu.nvidia.GpuSampler;
import dev.drover.gpu.process.LogLevel;
import dev.drover.gpu.process.LogLine;
import dev.drover.gpu.process.LogSink;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples one job's GPUs every {@code interval} while it runs and writes a {@code gpu.job_metrics} row per GPU per
 * sample (null readings stay null), stamped with the provider that took it (a job taken over from a dead agent has
 * samples of both, and each provider's daily metrics count only its own). When a GPU reaches {@link #HOT_CELSIUS} it puts one warning line in the job's log;
 * it warns again only after the GPU has cooled below the threshold, so a hot run does not flood the log.
 *
 * <p>A failing nvidia-smi or database costs that sample only; the job keeps running. {@link #close()} stops sampling.
 */
public final class MetricsRecorder implements AutoCloseable {

    /** NVIDIA data-centre GPUs start throttling in the high 80s; this is the operator's early warning. */
    public static final double HOT_CELSIUS = 85.0;
    /** The default sampling period: often enough for a chart, rare enough to cost nothing. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(MetricsRecorder.class);

    private final DSLContext dsl;
    private final GpuSampler sampler;
    private final UUID jobId;
    private final UUID providerId;
    private final List<Integer> gpus;
    private final LogSink jobLog;
    private final InstantSource clock;
    private final Set<Integer> hot = new HashSet<>();
    private final ScheduledExecutorService timer;

    private MetricsRecorder(DSLContext dsl, GpuSampler sampler, UUID jobId, UUID providerId, List<Integer> gpus,
                            LogSink jobLog, InstantSource clock) {
        this.dsl = dsl;
        this.sampler = sampler;
        this.jobId = jobId;
        this.providerId = providerId;
        this.gpus = List.copyOf(gpus);
        this.jobLog = jobLog;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("job-metrics-" + jobId.toString().substring(0, 8)).unstarted(r));
    }

    /** Starts sampling {@code jobId}'s {@code gpus} on {@code providerId} now and every {@code interval} after. */
    public static MetricsRecorder start(DSLContext dsl, GpuSampler sampler, UUID jobId, UUID providerId,
                                        List<Integer> gpus, LogSink jobLog, Duration interval, InstantSource clock) {
        MetricsRecorder r = new MetricsRecorder(dsl, sampler, jobId, providerId, gpus, jobLog, clock);
        r.timer.scheduleAtFixedRate(r::sampleOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return r;
    }

    void sampleOnce() {
        try {
            List<GpuSample> samples = sampler.sample(gpus);
            var at = clock.instant().atOffset(ZoneOffset.UTC);
            for (GpuSample s : samples) {
                dsl.insertInto(JOB_METRICS)
                        .set(JOB_METRICS.JOB_ID, jobId)
                        .set(JOB_METRICS.PROVIDER_ID, providerId)
                        .set(JOB_METRICS.GPU_INDEX, s.index())
                        .set(JOB_METRICS.GPU_UTILIZATION, decimal(s.utilizationPct(), 2))
                        .set(JOB_METRICS.MEMORY_USED, s.memoryUsedMib())
                        .set(JOB_METRICS.MEMORY_TOTAL, s.memoryTotalMib())
                        .set(JOB_METRICS.TEMPERATURE, decimal(s.temperatureC(), 1))
                        .set(JOB_METRICS.POWER_DRAW, decimal(s.powerW(), 2))
                        .set(JOB_METRICS.SAMPLED_AT, at)
                        .execute();
                warnIfHot(s);
            }
        } catch (RuntimeException e) {
            // one lost sample; an exception escaping here would cancel every later sample
            log.warn("job {}: GPU sample failed: {}", jobId, e.getMessage());
        }
    }

    private void warnIfHot(GpuSample s) {
        Double t = s.temperatureC();
        if (t == null) {
            return;
        }
        if (t >= HOT_CELSIUS && hot.add(s.index())) {
            jobLog.accept(new LogLine(clock.instant(), LogLevel.WARNING,
                    "GPU " + s.index() + " temperature " + Math.round(t) + " °C (>= " + Math.round(HOT_CELSIUS) + " °C)"));
        } else if (t < HOT_CELSIUS) {
            hot.remove(s.index());
        }
    }

    private static BigDecimal decimal(Double v, int scale) {
        return v == null ? null : BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
