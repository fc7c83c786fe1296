package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.JobType;
import dev.drover.gpu.agent.GpuAgent;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.nvidia.GpuProbe;
import dev.drover.gpu.nvidia.NvidiaSmi;
import dev.drover.gpu.provider.ProviderRegistry;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each job's own directory through an agent: made fresh and private for the job, its {@code HOME}, removed after it
 * however it ended (completed, timed out, cancelled), and what a dead run left removed when the agent starts.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class JobDirLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DSLContext dsl;
    private final Agents agents;
    private final GpuJobs jobs;
    private final FakeNvidiaSmi smi = FakeNvidiaSmi.install();
    private final UUID user;

    JobDirLifecycleTest(TestRedis redis, TestDatabase db) {
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

    private UUID submit(Duration limit, Map<String, String> env, String workingDir, String script) {
        return jobs.submit(new JobRequest(user, JobType.training, Agents.H100, 1, Map.of(), "sh", List.of("-c", script),
                env, workingDir, limit, null)).id();
    }

    private List<String> logs(UUID id) {
        return dsl.select(JOB_LOGS.MESSAGE).from(JOB_LOGS).where(JOB_LOGS.JOB_ID.eq(id)).orderBy(JOB_LOGS.ID)
                .fetch(JOB_LOGS.MESSAGE);
    }

    private JobStatus status(UUID id) {
        return Agents.row(dsl, id).getStatus();
    }

    @Test
    void aJobRunsInAFreshPrivateDirectoryThatIsItsHomeAndIsGoneAfterwards() {
        GpuAgent agent = agents.start("h100-a", smi.path().toString());
        UUID id = submit(Duration.ofMinutes(1), Map.of("HOME", "/root", "EPOCHS", "3"), "runs/1",
                "echo home=$HOME; echo pwd=$(pwd); stat -c mode=%a $HOME; ls -A $HOME; echo epochs=$EPOCHS");

        await().atMost(WAIT).until(() -> status(id) == JobStatus.COMPLETED);

        Path dir = agents.jobsDir().resolve(agent.providerId().toString()).resolve(id.toString());
        assertThat(logs(id)).startsWith("ignored the job's own HOME: set by the agent for every job", "home=" + dir,
                "pwd=" + dir.resolve("runs/1"), "mode=700", "runs", "tmp", "epochs=3");
        assertThat(dir).doesNotExist();
    }

    @Test
    void theDirectoryIsRemovedWhenTheJobTimesOutOrIsCancelled() {
        agents.start("h100-a", smi.path().toString());
        UUID timesOut = submit(Duration.ofSeconds(1), Map.of(), null, "echo data > $HOME/checkpoint; sleep 30");
        UUID cancelled = submit(Duration.ofMinutes(1), Map.of(), null, "echo data > $TMPDIR/scratch; echo started; sleep 60");
        await().atMost(WAIT).until(() -> logs(cancelled).contains("started"));

        jobs.cancel(cancelled);

        await().atMost(WAIT).until(() -> status(timesOut) == JobStatus.FAILED && status(cancelled) == JobStatus.CANCELLED);
        assertThat(agents.jobDirsLeft()).isEmpty();
    }

    @Test
    void aWorkingDirOutsideTheJobsOwnDirectoryIsRefusedAndRefundedInFull() {
        agents.start("h100-a", smi.path().toString());
        UUID absolute = submit(Duration.ofMinutes(1), Map.of(), "/etc", "ls");
        UUID escaping = submit(Duration.ofMinutes(1), Map.of(), "../..", "ls");

        await().atMost(WAIT).until(() -> status(absolute) == JobStatus.FAILED && status(escaping) == JobStatus.FAILED);

        assertThat(Agents.row(dsl, absolute).getError()).isEqualTo("working dir /etc refused: it must be a relative"
                + " path inside the job's own directory");
        Agents.assertBalanced(dsl, absolute, user);
        Agents.assertBalanced(dsl, escaping, user);
    }

    @Test
    void whatADeadRunLeftIsRemovedWhenTheAgentStarts() throws Exception {
        GpuProbe.Result probe = new GpuProbe(new NvidiaSmi(smi.path().toString())).probe();
        UUID provider = new ProviderRegistry(dsl, InstantSource.system()).register("h100-a", "h100-a.test", probe,
                BigDecimal.ONE);
        Path stale = Files.createDirectories(agents.jobsDir().resolve(provider.toString()).resolve(UUID.randomUUID()
                .toString()).resolve("tmp"));
        Files.writeString(stale.resolve("half-written.ckpt"), "x");

        GpuAgent agent = agents.start("h100-a", smi.path().toString());

        assertThat(agent.providerId()).isEqualTo(provider);
        assertThat(agents.jobDirsLeft()).isEmpty();
    }
}
