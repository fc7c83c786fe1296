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
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Adds one finished job to its provider's {@code provider_metrics} row for the (UTC) day it finished: a completed or
 * failed count, GPU hours (runtime × GPUs), earnings, and the job's utilization samples folded into the running
 * average, weighted by sample count. Called only inside the settling transaction, after the job's status change,
 * which is what makes it count each job once.
 */
final class ProviderRollup {

    private ProviderRollup() {
    }

    static void add(DSLContext tx, JobsRecord job, Duration runtime, BigDecimal earning, Instant finished) {
        Record2<BigDecimal, Integer> util = tx.select(DSL.avg(JOB_METRICS.GPU_UTILIZATION), DSL.count(JOB_METRICS.GPU_UTILIZATION))
                .from(JOB_METRICS).where(JOB_METRICS.JOB_ID.eq(job.getId())).fetchOne();
        long samples = util.value2();
        BigDecimal avg = samples == 0 ? null : util.value1().setScale(2, RoundingMode.HALF_UP);
        BigDecimal gpuHours = Money.hours(runtime).multiply(BigDecimal.valueOf(job.getGpuCount()));
        var pm = PROVIDER_METRICS;
        Field<Long> totalSamples = pm.UTILIZATION_SAMPLES.plus(DSL.excluded(pm.UTILIZATION_SAMPLES));
        Field<BigDecimal> weighted = DSL.coalesce(pm.AVG_UTILIZATION, BigDecimal.ZERO).times(pm.UTILIZATION_SAMPLES)
                .plus(DSL.coalesce(DSL.excluded(pm.AVG_UTILIZATION), BigDecimal.ZERO).times(DSL.excluded(pm.UTILIZATION_SAMPLES)));
        tx.insertInto(pm)
                .set(pm.PROVIDER_ID, job.getProviderId())
                .set(pm.PERIOD, LocalDate.ofInstant(finished, ZoneOffset.UTC))
                .set(pm.JOBS_COMPLETED, job.getStatus() == JobStatus.COMPLETED ? 1 : 0)
                .set(pm.JOBS_FAILED, job.getStatus() == JobStatus.FAILED ? 1 : 0)
                .set(pm.GPU_HOURS, gpuHours)
                .set(pm.EARNINGS, earning)
                .set(pm.AVG_UTILIZATION, avg)
                .set(pm.UTILIZATION_SAMPLES, samples)
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
