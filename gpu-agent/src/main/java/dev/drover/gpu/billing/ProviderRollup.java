package dev.drover.gpu.billing;

import static dev.drover.db.generated.gpu.Tables.JOB_METRICS;
import static dev.drover.db.generated.gpu.Tables.PROVIDER_METRICS;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.tables.records.JobsRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Adds one finished job to the {@code provider_metrics} rows for the (UTC) day it finished. The provider that ran it
 * to the end gets a completed or failed count, GPU hours (runtime × GPUs) and earnings. Its utilization samples go to
 * the provider that took each one ({@code job_metrics.provider_id}; the job's provider for rows older than V6), folded
 * into that provider's running average weighted by sample count: a run killed with its agent and taken over
 * elsewhere leaves its samples with the agent that produced them. Called only inside the settling transaction, after
 * the job's status change, which is what makes it count each job once.
 */
final class ProviderRollup {

    private ProviderRollup() {
    }

    /** One provider's share of a job: the counters (zero for a provider that only sampled) and its samples. */
    private record Share(int completed, int failed, BigDecimal gpuHours, BigDecimal earnings, BigDecimal avgUtilization,
                         long samples) {
    }

    static void add(DSLContext tx, JobsRecord job, Duration runtime, BigDecimal earning, Instant finished) {
        LocalDate period = LocalDate.ofInstant(finished, ZoneOffset.UTC);
        BigDecimal gpuHours = Money.hours(runtime).multiply(BigDecimal.valueOf(job.getGpuCount()));
        Map<UUID, Share> shares = new HashMap<>();
        shares.put(job.getProviderId(), new Share(job.getStatus() == JobStatus.COMPLETED ? 1 : 0,
                job.getStatus() == JobStatus.FAILED ? 1 : 0, gpuHours, earning, null, 0));
        // inlined, not bound: Postgres must see the same expression in the select list and the GROUP BY
        Field<UUID> producer = DSL.coalesce(JOB_METRICS.PROVIDER_ID, DSL.inline(job.getProviderId()));
        tx.select(producer, DSL.avg(JOB_METRICS.GPU_UTILIZATION), DSL.count(JOB_METRICS.GPU_UTILIZATION))
                .from(JOB_METRICS).where(JOB_METRICS.JOB_ID.eq(job.getId())).groupBy(producer)
                .forEach(r -> {
                    BigDecimal avg = r.value3() == 0 ? null : r.value2().setScale(2, RoundingMode.HALF_UP);
                    Share own = shares.getOrDefault(r.value1(),
                            new Share(0, 0, BigDecimal.ZERO, BigDecimal.ZERO, null, 0));
                    shares.put(r.value1(), new Share(own.completed(), own.failed(), own.gpuHours(), own.earnings(),
                            avg, r.value3()));
                });
        shares.forEach((provider, share) -> upsert(tx, provider, period, share));
    }

    private static void upsert(DSLContext tx, UUID provider, LocalDate period, Share s) {
        var pm = PROVIDER_METRICS;
        Field<Long> totalSamples = pm.UTILIZATION_SAMPLES.plus(DSL.excluded(pm.UTILIZATION_SAMPLES));
        Field<BigDecimal> weighted = DSL.coalesce(pm.AVG_UTILIZATION, BigDecimal.ZERO).times(pm.UTILIZATION_SAMPLES)
                .plus(DSL.coalesce(DSL.excluded(pm.AVG_UTILIZATION), BigDecimal.ZERO).times(DSL.excluded(pm.UTILIZATION_SAMPLES)));
        tx.insertInto(pm)
                .set(pm.PROVIDER_ID, provider)
                .set(pm.PERIOD, period)
                .set(pm.JOBS_COMPLETED, s.completed())
                .set(pm.JOBS_FAILED, s.failed())
                .set(pm.GPU_HOURS, s.gpuHours())
                .set(pm.EARNINGS, s.earnings())
                .set(pm.AVG_UTILIZATION, s.avgUtilization())
                .set(pm.UTILIZATION_SAMPLES, s.samples())
                .onConflict(pm.PROVIDER_ID, pm.PERIOD)
                .doUpdate()
                .set(pm.JOBS_COMPLETED, pm.JOBS_COMPLETED.plus(DSL.excluded(pm.JOBS_COMPLETED)))
                .set(pm.JOBS_FAILED, pm.JOBS_FAILED.plus(DSL.excluded(pm.JOBS_FAILED)))
                .set(pm.GPU_HOURS, pm.GPU_HOURS.plus(DSL.excluded(pm.GPU_HOURS)))
                .set(pm.EARNINGS, pm.EARNINGS.plus(DSL.excluded(pm.EARNINGS)))
                .set(pm.AVG_UTILIZATION, DSL.when(totalSamples.eq(0L), DSL.castNull(pm.AVG_UTILIZATION.getDataType()))
                        .otherwise(DSL.round(weighted.div(totalSamples.cast(BigDecimal.class)), 2)))
                .set(pm.UTILIZATION_SAMPLES, totalSamples)
                .set(pm.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
    }
}
