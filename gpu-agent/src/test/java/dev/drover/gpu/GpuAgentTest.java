package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;
import static dev.drover.db.generated.gpu.Tables.JOB_METRICS;
import static dev.drover.db.generated.gpu.Tables.PROVIDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.LogLevel;
import dev.drover.gpu.agent.GpuAgent;
import dev.drover.gpu.billing.InsufficientCreditsException;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.billing.Ledger;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi.Gpu;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Submit → agent → child process → logs, metrics and the bill, with real Redis, Postgres and processes. */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class GpuAgentTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DSLContext dsl;
    private final Agents agents;
    private final GpuJobs jobs;
    private final FakeNvidiaSmi smi = FakeNvidiaSmi.install();
    private final UUID user;

    GpuAgentTest(TestRedis redis, TestDatabase db) {
        this.dsl = GpuRows.dsl(db);
        this.agents = new Agents(redis, db);
        this.jobs = agents.jobs(dsl);
        this.user = GpuRows.user(dsl, "1000");
    }

    @AfterEach
    void close() {
        agents.close();
        jobs.close();
        smi.close();
    }

    private UUID submit(String model, Duration limit, String script) {
        return jobs.submit(JobRequest.training(user, model, limit, "sh", "-c", script)).id();
    }

    private JobStatus status(UUID id) {
        return Agents.row(dsl, id).getStatus();
    }

    @Test
    void aTrainingJobThatPrintsAndExitsZeroCompletesWithLogsMetricsAndABalancedBill() {
        GpuAgent agent = agents.start("h100-a", smi.path().toString());
        UUID id = submit(Agents.H100, Duration.ofMinutes(1), "for i in 1 2 3 4; do echo step $i; sleep 0.2; done");

        await().atMost(WAIT).until(() -> status(id) == JobStatus.COMPLETED);

        var row = Agents.row(dsl, id);
        assertThat(row.getProviderId()).isEqualTo(agent.providerId());
        assertThat(row.getExitCode()).isZero();
        assertThat(row.getCost()).isPositive();
        assertThat(dsl.select(JOB_LOGS.MESSAGE).from(JOB_LOGS).where(JOB_LOGS.JOB_ID.eq(id)
                .and(JOB_LOGS.LEVEL.eq(LogLevel.info))).orderBy(JOB_LOGS.ID).fetch(JOB_LOGS.MESSAGE))
                .contains("step 1", "step 2", "step 3", "step 4");
        assertThat(dsl.fetchCount(JOB_METRICS, JOB_METRICS.JOB_ID.eq(id))).isPositive();
        Agents.assertBalanced(dsl, id, user);
    }

    @Test
    void aJobThatExitsOneFailsAndPaysOnlyItsRuntime() {
        agents.start("h100-a", smi.path().toString());
        UUID id = submit(Agents.H100, Duration.ofMinutes(1), "echo 'loss is nan' >&2; exit 1");

        await().atMost(WAIT).until(() -> status(id) == JobStatus.FAILED);

        var row = Agents.row(dsl, id);
        assertThat(row.getExitCode()).isEqualTo(1);
        assertThat(row.getCost()).isLessThan(row.getReservedAmount());
        assertThat(dsl.select(JOB_LOGS.MESSAGE).from(JOB_LOGS).where(JOB_LOGS.JOB_ID.eq(id)
                .and(JOB_LOGS.LEVEL.eq(LogLevel.error))).fetch(JOB_LOGS.MESSAGE))
                .contains("loss is nan", "process exited with code 1");
        Agents.assertBalanced(dsl, id, user);
    }

    @Test
    void aJobPastItsTimeLimitIsStoppedAndFailed() {
        agents.start("h100-a", smi.path().toString());
        UUID id = submit(Agents.H100, Duration.ofSeconds(1), "echo started; sleep 30");

        await().atMost(WAIT).until(() -> status(id) == JobStatus.FAILED);

        var row = Agents.row(dsl, id);
        assertThat(row.getError()).containsIgnoringCase("time limit");
        assertThat(row.getCost()).isLessThanOrEqualTo(row.getReservedAmount());
        Agents.assertBalanced(dsl, id, user);
    }

    @Test
    void cancellingARunningJobStopsItsProcessAndRefundsTheRest() {
        agents.start("h100-a", smi.path().toString());
        UUID id = submit(Agents.H100, Duration.ofMinutes(5), "echo started; sleep 60");
        await().atMost(WAIT).until(() -> status(id) == JobStatus.RUNNING);

        assertThat(jobs.cancel(id)).isEqualTo(JobStatus.RUNNING);

        await().atMost(WAIT).until(() -> status(id) == JobStatus.CANCELLED);
        assertThat(Agents.row(dsl, id).getCost()).isLessThan(new BigDecimal("60"));
        Agents.assertBalanced(dsl, id, user);
    }

    @Test
    void cancellingAQueuedJobRefundsItAllAndNoAgentRunsIt() {
        UUID id = submit(Agents.H100, Duration.ofMinutes(5), "echo never");

        assertThat(jobs.cancel(id)).isEqualTo(JobStatus.CANCELLED);

        assertThat(jobs.status(id).orElseThrow().queueState()).isEqualTo("unknown");
        Agents.assertBalanced(dsl, id, user);
        assertThat(GpuRows.credits(dsl, user)).isEqualByComparingTo("1000");
    }

    @Test
    void agentsWithDifferentGpuModelsEachGetOnlyTheirJobsAndOthersWaitVisibly() {
        try (FakeNvidiaSmi a100smi = FakeNvidiaSmi.install()) {
            a100smi.gpus(Gpu.of(0, Agents.A100, 40960));
            GpuAgent h100 = agents.start("h100-a", smi.path().toString());
            GpuAgent a100 = agents.start("a100-a", a100smi.path().toString());
            GpuRows.provider(dsl, "b200-offline", "NVIDIA B200", "1"); // priced, but no agent runs it

            UUID[] onH100 = {submit(Agents.H100, WAIT, "echo h"), submit(Agents.H100, WAIT, "echo h")};
            UUID[] onA100 = {submit(Agents.A100, WAIT, "echo a"), submit(Agents.A100, WAIT, "echo a")};
            UUID onB200 = submit("NVIDIA B200", WAIT, "echo b");

            await().atMost(WAIT).until(() -> dsl.fetchCount(JOBS, JOBS.STATUS.eq(JobStatus.COMPLETED)
                    .and(JOBS.ID.in(onH100[0], onH100[1], onA100[0], onA100[1]))) == 4);
            for (UUID id : onH100) {
                assertThat(Agents.row(dsl, id).getProviderId()).isEqualTo(h100.providerId());
            }
            for (UUID id : onA100) {
                assertThat(Agents.row(dsl, id).getProviderId()).isEqualTo(a100.providerId());
            }
            JobView waiting = jobs.status(onB200).orElseThrow();
            assertThat(waiting.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(waiting.queueState()).isEqualTo("waiting");
        }
    }

    @Test
    void shortCreditsAreRefusedClearlyAndNothingIsWritten() {
        agents.start("h100-a", smi.path().toString());
        UUID poor = GpuRows.user(dsl, "1");

        assertThatThrownBy(() -> jobs.submit(JobRequest.training(poor, Agents.H100, Duration.ofHours(1), "true")))
                .isInstanceOf(InsufficientCreditsException.class).hasMessageContaining("credits");
        assertThat(dsl.fetchCount(JOBS, JOBS.USER_ID.eq(poor))).isZero();
        assertThat(GpuRows.credits(dsl, poor)).isEqualByComparingTo("1");
    }

    @Test
    void theRelayEnqueuesAJobLeftPendingBetweenInsertAndEnqueue() {
        agents.start("h100-a", smi.path().toString());
        // the submitter "crashed" after the database transaction: the row is PENDING and not in any queue
        UUID id = new Ledger(dsl).submit(JobRequest.training(user, Agents.H100, WAIT, "sh", "-c", "echo relayed")).id();
        assertThat(status(id)).isEqualTo(JobStatus.PENDING);

        await().atMost(WAIT).until(() -> status(id) == JobStatus.COMPLETED);
        Agents.assertBalanced(dsl, id, user);
    }

    @Test
    void anAgentWithoutGpusRegistersButTakesNoJobs() {
        smi.gpus();
        GpuAgent agent = agents.start("no-gpu", smi.path().toString());

        assertThat(agent.takesJobs()).isFalse();
        assertThat(dsl.select(PROVIDERS.GPU_COUNT).from(PROVIDERS).where(PROVIDERS.ID.eq(agent.providerId()))
                .fetchOne(PROVIDERS.GPU_COUNT)).isZero();
    }
}
