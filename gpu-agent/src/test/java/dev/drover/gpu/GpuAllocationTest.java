package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;
import static dev.drover.db.generated.gpu.Tables.PROVIDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.JobType;
import dev.drover.db.generated.gpu.tables.records.JobsRecord;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.billing.SubmitRefusedException;
import dev.drover.queue.Job;
import dev.drover.queue.Queue;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi.Gpu;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi.Sample;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's GPU allocator end to end, with 2 and 4 fake GPUs and jobs of 1 and 2 GPUs: each job prints the
 * {@code CUDA_VISIBLE_DEVICES} it was given, and its row's {@code started_at .. finished_at} (stamped after its GPUs
 * are leased and before they are given back, so it contains the process's whole life) says when it held them. No two
 * jobs whose spans overlap may name the same GPU; a job that does not fit waits in the queue untouched.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class GpuAllocationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WAIT_FOR_GO = "while [ ! -e %s ]; do sleep 0.05; done";

    private final FakeNvidiaSmi smi = FakeNvidiaSmi.install();
    private DSLContext dsl;
    private Agents agents;
    private GpuJobs jobs;
    private Queue queue;
    private UUID user;

    @TempDir
    Path dir;

    // injected per test (not into the constructor, which shares them across the class): every test starts from an
    // empty queue and a provider table without the agents of the tests before it
    @BeforeEach
    void open(TestRedis redis, TestDatabase db) {
        this.dsl = GpuRows.dsl(db);
        this.agents = new Agents(redis, db);
        this.jobs = agents.jobs(dsl);
        this.queue = new Queue(GpuQueues.forModel(Agents.H100), agents.queueOptions());
        this.user = GpuRows.user(dsl, "100000");
    }

    @AfterEach
    void close() {
        agents.close();
        jobs.close();
        queue.close();
        smi.close();
    }

    @Test
    void twoOneGpuJobsOnTwoGpusRunAtOnceOnDifferentGpusAndMixedJobsNeverShareOne() {
        startAgent(2, 2);
        List<UUID> ids = new ArrayList<>();
        ids.add(submit(1, meet("a", "a", "b")));
        ids.add(submit(1, meet("b", "a", "b"))); // each waits for the other: both run at once
        for (int gpus : new int[] {2, 1, 1, 2, 1}) {
            ids.add(submit(gpus, "sleep 0.2"));
        }

        awaitCompleted(ids);
        assertNoGpuShared(ids);
    }

    @Test
    void fourGpusRunATwoAndTwoOneGpuJobsTogetherAndMixedJobsNeverShareOneEvenWithMoreSlotsThanGpus() {
        startAgent(4, 8);
        List<UUID> ids = new ArrayList<>();
        ids.add(submit(2, meet("p", "p", "q", "r")));
        ids.add(submit(1, meet("q", "p", "q", "r")));
        ids.add(submit(1, meet("r", "p", "q", "r")));
        for (int gpus : new int[] {1, 2, 2, 1, 1, 2, 1, 2, 1, 1}) {
            ids.add(submit(gpus, "sleep 0.2"));
        }

        awaitCompleted(ids);
        assertNoGpuShared(ids);
    }

    @Test
    void whileNoGpuIsFreeWaitingJobsAreNotEvenFetchedThenAllRun() throws IOException {
        startAgent(2, 2);
        UUID holder = submit(2, WAIT_FOR_GO.formatted(dir.resolve("go")));
        await().atMost(WAIT).until(() -> status(holder) == JobStatus.RUNNING);

        UUID one = submit(1, "true");
        UUID two = submit(2, "true");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> notStarted(one) && notStarted(two));
        assertThat(attemptsStarted(one) + attemptsStarted(two)).as("fetches of jobs that could not run").isLessThanOrEqualTo(1);

        Files.createFile(dir.resolve("go"));
        awaitCompleted(List.of(holder, one, two));
        assertNoGpuShared(List.of(holder, one, two));
    }

    @Test
    void twoGpuJobsWaitWhileOnlyOneIsFreeGivenBackWithoutAnAttemptAndWithoutSpinning() throws IOException {
        startAgent(2, 2);
        UUID holder = submit(1, WAIT_FOR_GO.formatted(dir.resolve("go")));
        await().atMost(WAIT).until(() -> status(holder) == JobStatus.RUNNING);

        long since = System.nanoTime();
        List<UUID> big = IntStream.range(0, 8).mapToObj(i -> submit(2, "true")).toList();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                .until(() -> big.stream().allMatch(this::notStarted));
        double seconds = (System.nanoTime() - since) / 1e9;
        long looks = big.stream().mapToLong(this::attemptsStarted).sum();
        // about one look per FetchGate.RETRY; cycling through all 8 each time they come back would be ~8 a second
        assertThat(looks / seconds).as("fetches per second of jobs that could not be placed (%d in %.1f s)", looks,
                seconds).isLessThan(3);

        Files.createFile(dir.resolve("go"));
        List<UUID> all = new ArrayList<>(big);
        all.add(holder);
        awaitCompleted(all);
        assertNoGpuShared(all);
    }

    @Test
    void gpusAreGivenBackAfterATimeoutACancelAKilledProcessAndAnException() {
        startAgent(2, 2);
        // each next job needs both GPUs, so it runs only if the one before gave them back

        UUID timedOut = submit(2, Duration.ofSeconds(1), "sleep 30");
        await().atMost(WAIT).until(() -> status(timedOut) == JobStatus.FAILED);
        awaitCompleted(List.of(submit(2, "true")));

        UUID cancelled = submit(2, "sleep 60");
        await().atMost(WAIT).until(() -> status(cancelled) == JobStatus.RUNNING);
        jobs.cancel(cancelled);
        await().atMost(WAIT).until(() -> status(cancelled) == JobStatus.CANCELLED);
        awaitCompleted(List.of(submit(2, "true")));

        UUID killed = submit(2, "echo pid=$$; exec sleep 60");
        await().atMost(WAIT).until(() -> logLine(killed, "pid=") != null);
        ProcessHandle.of(Long.parseLong(logLine(killed, "pid="))).orElseThrow().destroyForcibly();
        await().atMost(WAIT).until(() -> status(killed) == JobStatus.FAILED);
        awaitCompleted(List.of(submit(2, "true")));

        UUID noCommand = jobs.submit(request(2, WAIT, null)).id(); // the processor throws for it
        await().atMost(WAIT).until(() -> status(noCommand) == JobStatus.FAILED);
        awaitCompleted(List.of(submit(2, "true")));
    }

    @Test
    void aJobAskingMoreGpusThanAnyProviderHasFailsAtOnceAndOneABiggerHostCouldRunWaits() {
        // accepted while no provider of the model is known yet: a maximum price prices it
        UUID tooBig = jobs.submit(request(4, WAIT, "true").withMaxPricePerHour(new BigDecimal(Agents.PRICE))).id();
        startAgent(2, 2);

        await().atMost(WAIT).until(() -> status(tooBig) == JobStatus.FAILED);
        JobsRecord row = Agents.row(dsl, tooBig);
        assertThat(row.getError()).isEqualTo("the job needs 4 GPUs of " + Agents.H100
                + "; no provider has that many (this one has 2)");
        assertThat(row.getAttempts()).isZero();
        assertThat(row.getCost()).isZero();
        Agents.assertBalanced(dsl, tooBig, user);

        assertThatThrownBy(() -> submit(3, "true")).isInstanceOf(SubmitRefusedException.class)
                .hasMessage("the job asks for 3 GPUs of '" + Agents.H100 + "' but no provider has more than 2");

        UUID bigger = GpuRows.provider(dsl, "h100x4-elsewhere", Agents.H100, "1");
        dsl.update(PROVIDERS).set(PROVIDERS.GPU_COUNT, 4).where(PROVIDERS.ID.eq(bigger)).execute();
        UUID forBigger = submit(4, "true");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> notStarted(forBigger));
    }

    private void startAgent(int gpuCount, int concurrency) {
        smi.gpus(IntStream.range(0, gpuCount).mapToObj(i -> Gpu.of(i, Agents.H100, 81559)).toArray(Gpu[]::new));
        smi.samples(IntStream.range(0, gpuCount).mapToObj(i -> Sample.of(i, 50, 1000, 81559, 40, 100.0))
                .toArray(Sample[]::new));
        agents.start("h100x" + gpuCount, smi.path().toString(), concurrency);
    }

    /** A script that creates {@code dir/me}, then waits until every one of {@code all} exists. */
    private String meet(String me, String... all) {
        StringBuilder s = new StringBuilder(": > " + dir.resolve(me) + ";");
        for (String other : all) {
            s.append(' ').append(WAIT_FOR_GO.formatted(dir.resolve(other))).append(';');
        }
        return s.toString();
    }

    private UUID submit(int gpus, String script) {
        return submit(gpus, WAIT, script);
    }

    private UUID submit(int gpus, Duration limit, String script) {
        return jobs.submit(request(gpus, limit, script)).id();
    }

    /** {@code sh -c 'echo gpus=$CUDA_VISIBLE_DEVICES; SCRIPT'}; a null script is a job without a command. */
    private JobRequest request(int gpus, Duration limit, String script) {
        return new JobRequest(user, JobType.training, Agents.H100, gpus, Map.of(), script == null ? null : "sh",
                script == null ? List.of() : List.of("-c", "echo gpus=$CUDA_VISIBLE_DEVICES; " + script), Map.of(),
                null, limit, null);
    }

    private JobStatus status(UUID id) {
        return Agents.row(dsl, id).getStatus();
    }

    /** Never claimed by an agent (QUEUED, no attempt) and still in the queue. */
    private boolean notStarted(UUID id) {
        JobsRecord row = Agents.row(dsl, id);
        return row.getStatus() == JobStatus.QUEUED && row.getAttempts() == 0
                && Set.of(dev.drover.queue.JobState.WAITING, dev.drover.queue.JobState.DELAYED,
                dev.drover.queue.JobState.ACTIVE).contains(queue.getJobState(id.toString()));
    }

    private long attemptsStarted(UUID id) {
        return queue.getJob(id.toString()).map(Job::attemptsStarted).orElseThrow();
    }

    private void awaitCompleted(List<UUID> ids) {
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> status(id).ordinal() >= JobStatus.COMPLETED.ordinal()));
        for (UUID id : ids) {
            JobsRecord row = Agents.row(dsl, id);
            assertThat(row.getStatus()).as("job %s (%s)", id, row.getError()).isEqualTo(JobStatus.COMPLETED);
            assertThat(row.getAttempts()).as("attempts of job %s", id).isEqualTo(1);
        }
    }

    private String logLine(UUID id, String prefix) {
        return dsl.select(JOB_LOGS.MESSAGE).from(JOB_LOGS).where(JOB_LOGS.JOB_ID.eq(id)
                .and(JOB_LOGS.MESSAGE.startsWith(prefix))).fetchOptional(JOB_LOGS.MESSAGE)
                .map(m -> m.substring(prefix.length())).orElse(null);
    }

    private record Run(UUID id, int gpuCount, List<Integer> gpus, OffsetDateTime start, OffsetDateTime end) {
        boolean overlaps(Run o) {
            return start.isBefore(o.end) && o.start.isBefore(end);
        }
    }

    private Run run(UUID id) {
        JobsRecord row = Agents.row(dsl, id);
        List<Integer> gpus = Arrays.stream(logLine(id, "gpus=").split(",")).map(Integer::valueOf).toList();
        return new Run(id, row.getGpuCount(), gpus, row.getStartedAt(), row.getFinishedAt());
    }

    private void assertNoGpuShared(List<UUID> ids) {
        List<Run> runs = ids.stream().map(this::run).toList();
        for (Run r : runs) {
            assertThat(r.gpus()).as("GPUs of job %s", r.id()).hasSize(r.gpuCount()).doesNotHaveDuplicates();
        }
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                Run a = runs.get(i);
                Run b = runs.get(j);
                if (a.overlaps(b)) {
                    Set<Integer> shared = new HashSet<>(a.gpus());
                    shared.retainAll(b.gpus());
                    assertThat(shared).as("GPUs shared by %s and %s, which ran at once", a, b).isEmpty();
                }
            }
        }
    }
}
