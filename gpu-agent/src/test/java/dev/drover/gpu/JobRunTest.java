package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;
import static dev.drover.db.generated.gpu.Tables.JOB_METRICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.db.generated.gpu.enums.LogLevel;
import dev.drover.db.generated.gpu.tables.records.JobMetricsRecord;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.billing.Ledger;
import dev.drover.gpu.nvidia.GpuSampler;
import dev.drover.gpu.nvidia.NvidiaSmi;
import dev.drover.gpu.process.ProcessRunner;
import dev.drover.gpu.process.ProcessSpec;
import dev.drover.gpu.process.RunningProcess;
import dev.drover.gpu.store.JobLogWriter;
import dev.drover.gpu.store.MetricsRecorder;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi.Gpu;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi.Sample;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A job process with its log and GPU metrics going to Postgres, as the agent wires them. */
@ExtendWith(PostgresExtension.class)
class JobRunTest {

    @Test
    void outputLinesLandInJobLogsWithTheirLevels(TestDatabase db) throws Exception {
        DSLContext dsl = GpuRows.dsl(db);
        UUID job = job(dsl);

        try (JobLogWriter logs = new JobLogWriter(dsl, job)) {
            String script = "for i in $(seq 1 700); do echo \"step $i\"; done; echo 'nan loss' >&2; exit 3";
            new ProcessRunner().start(ProcessSpec.of("sh", "-c", script), logs).await();
        }

        List<String> info = dsl.select(JOB_LOGS.MESSAGE).from(JOB_LOGS)
                .where(JOB_LOGS.JOB_ID.eq(job).and(JOB_LOGS.LEVEL.eq(LogLevel.info))).orderBy(JOB_LOGS.ID).fetch(JOB_LOGS.MESSAGE);
        List<String> errors = dsl.select(JOB_LOGS.MESSAGE).from(JOB_LOGS)
                .where(JOB_LOGS.JOB_ID.eq(job).and(JOB_LOGS.LEVEL.eq(LogLevel.error))).orderBy(JOB_LOGS.ID).fetch(JOB_LOGS.MESSAGE);
        assertThat(info).hasSize(700).startsWith("step 1", "step 2").endsWith("step 700");
        assertThat(errors).containsExactly("nan loss", "process exited with code 3");
    }

    @Test
    void metricsRowsCarryTheFakesValuesNullsForNotAvailableAndAHotWarning(TestDatabase db) throws Exception {
        DSLContext dsl = GpuRows.dsl(db);
        UUID job = job(dsl);
        UUID provider = GpuRows.provider(dsl, "sampler", "NVIDIA H100 80GB HBM3", "1");
        try (FakeNvidiaSmi smi = FakeNvidiaSmi.install()) {
            smi.gpus(Gpu.of(0, "NVIDIA H100 80GB HBM3", 81559), Gpu.of(1, "NVIDIA H100 80GB HBM3", 81559));
            smi.samples(Sample.of(0, 97, 40000, 81559, 86, 512.25),
                    new Sample(1, Sample.NA, "1", "81559", Sample.NOT_SUPPORTED, Sample.NA));
            GpuSampler sampler = new GpuSampler(new NvidiaSmi(smi.path().toString()));

            try (JobLogWriter logs = new JobLogWriter(dsl, job);
                 MetricsRecorder rec = MetricsRecorder.start(dsl, sampler, job, provider, List.of(0, 1), logs,
                         Duration.ofMillis(100), InstantSource.system())) {
                RunningProcess p = new ProcessRunner().start(ProcessSpec.of("sleep", "30").withGpus(List.of(0, 1)), logs);
                await().atMost(Duration.ofSeconds(20)).until(() -> dsl.fetchCount(JOB_METRICS, JOB_METRICS.GPU_INDEX.eq(0)) >= 3);
                p.cancel();
                p.await();
            }
        }

        JobMetricsRecord gpu0 = dsl.selectFrom(JOB_METRICS).where(JOB_METRICS.GPU_INDEX.eq(0)).limit(1).fetchOne();
        JobMetricsRecord gpu1 = dsl.selectFrom(JOB_METRICS).where(JOB_METRICS.GPU_INDEX.eq(1)).limit(1).fetchOne();
        assertThat(gpu0.getGpuUtilization()).isEqualByComparingTo("97");
        assertThat(gpu0.getProviderId()).isEqualTo(provider);
        assertThat(gpu0.getMemoryUsed()).isEqualTo(40000);
        assertThat(gpu0.getMemoryTotal()).isEqualTo(81559);
        assertThat(gpu0.getTemperature()).isEqualByComparingTo("86");
        assertThat(gpu0.getPowerDraw()).isEqualByComparingTo("512.25");
        assertThat(gpu1.getGpuUtilization()).isNull();
        assertThat(gpu1.getTemperature()).isNull();
        assertThat(gpu1.getPowerDraw()).isNull();
        assertThat(gpu1.getMemoryUsed()).isEqualTo(1);
        // one warning per crossing, not one per sample
        assertThat(dsl.select(JOB_LOGS.MESSAGE).from(JOB_LOGS).where(JOB_LOGS.LEVEL.eq(LogLevel.warning)
                .and(JOB_LOGS.MESSAGE.startsWith("GPU"))).fetch(JOB_LOGS.MESSAGE))
                .containsExactly("GPU 0 temperature 86 °C (>= 85 °C)");
    }

    private static UUID job(DSLContext dsl) {
        UUID user = GpuRows.user(dsl, "10");
        return new Ledger(dsl).submit(JobRequest.training(user, "NVIDIA H100 80GB HBM3", Duration.ofMinutes(5), "x")
                .withMaxPricePerHour(BigDecimal.ONE)).id();
    }
}
