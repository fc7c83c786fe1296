package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.gpu.agent.GpuAgent;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * GPU jobs settle on {@code JobEffects}: the bill commits once, by the job's current attempt, with the queue job's
 * result beside it. Real agents in this JVM, real child processes, Redis and Postgres.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class GpuJobEffectsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final TestRedis redis;
    private final DSLContext dsl;
    private final Agents agents;
    private final GpuJobs jobs;
    private final Queue queue;
    private final FakeNvidiaSmi smi = FakeNvidiaSmi.install(); // one H100 per agent
    private final UUID user;
    private final Path go;

    GpuJobEffectsTest(TestRedis redis, TestDatabase db) throws IOException {
        this.redis = redis;
        this.dsl = GpuRows.dsl(db);
        this.agents = new Agents(redis, db);
        this.jobs = agents.jobs(dsl);
        this.queue = new Queue(GpuQueues.forModel(Agents.H100), agents.queueOptions());
        this.user = GpuRows.user(dsl, "1000");
        this.go = Files.createTempDirectory("gpu-go-");
    }

    @AfterEach
    void close() throws IOException {
        agents.close();
        jobs.close();
        queue.close();
        smi.close();
        try (var files = Files.list(go)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(go);
    }

    @Test
    void anAgentWhoseJobWasTakenOverCannotSettleItAndTheAgentRunningItNowBillsIt() throws IOException {
        GpuAgent first = agents.start("h100-a", smi.path().toString());
        // each run waits for a file named after its agent's provider (the parent of the job's own HOME)
        UUID id = submit("p=$(basename \"$(dirname \"$HOME\")\"); echo \"running on $p\";"
                + " while [ ! -e '" + go + "'/$p ]; do sleep 0.05; done");
        await().atMost(WAIT).until(() -> status(id) == JobStatus.RUNNING);
        GpuAgent second = agents.start("h100-b", smi.path().toString());

        // the first agent stalls past its lock (simulated: the lock is gone): the job is recovered as stalled, and the
        // second agent takes it over, as the first one holds its only GPU
        try (Jedis jedis = redis.jedis()) {
            jedis.del(redis.prefix() + ":" + queue.name() + ":" + id + ":lock");
        }
        await().atMost(WAIT).until(() -> second.providerId().equals(Agents.row(dsl, id).getProviderId()));

        // the first run ends first; without the fence its settlement would bill the job now
        Files.createFile(go.resolve(first.providerId().toString()));
        await().atMost(WAIT).until(() -> !agents.jobDirsLeft().contains(first.providerId() + "/" + id));
        Instant secondReleased = Instant.now();
        Files.createFile(go.resolve(second.providerId().toString()));

        await().atMost(WAIT).until(() -> queue.getJobState(id.toString()) == JobState.COMPLETED);
        var row = Agents.row(dsl, id);
        assertThat(row.getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(row.getFinishedAt().toInstant()).as("settled with the second run's end, not the stale first's")
                .isAfter(secondReleased);
        assertThat(row.getProviderId()).isEqualTo(second.providerId());
        assertThat(queue.getJob(id.toString()).orElseThrow().returnValue().path("cost").asText())
                .isEqualTo(row.getCost().toPlainString());
        Agents.assertBalanced(dsl, id, user);
    }

    @Test
    void aSettledJobDeliveredAgainCompletesWithItsStoredBillAndRunsNothing() {
        agents.start("h100-a", smi.path().toString());
        UUID id = submit("echo once");
        await().atMost(WAIT).until(() -> queue.getJobState(id.toString()) == JobState.COMPLETED);
        Job done = queue.getJob(id.toString()).orElseThrow();
        JsonNode bill = done.returnValue();
        int logs = dsl.fetchCount(JOB_LOGS, JOB_LOGS.JOB_ID.eq(id));
        int attempts = Agents.row(dsl, id).getAttempts();

        // delivered again, as when an agent dies between the settlement's commit and the queue's acknowledgement
        queue.retryJob(id.toString());

        await().atMost(WAIT).until(() -> queue.getJob(id.toString()).filter(j -> j.finishedOn().isPresent()
                && j.finishedOn().get().isAfter(done.finishedOn().orElseThrow())).isPresent());
        assertThat(bill.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(queue.getJob(id.toString()).orElseThrow().returnValue()).isEqualTo(bill);
        assertThat(dsl.fetchCount(JOB_LOGS, JOB_LOGS.JOB_ID.eq(id))).as("the command did not run again").isEqualTo(logs);
        assertThat(Agents.row(dsl, id).getAttempts()).isEqualTo(attempts);
        Agents.assertBalanced(dsl, id, user);
    }

    @Test
    void aFailedJobDeliveredAgainFailsAgainWithItsStoredReason() {
        agents.start("h100-a", smi.path().toString());
        UUID id = submit("echo bad; exit 3");
        await().atMost(WAIT).until(() -> queue.getJobState(id.toString()) == JobState.FAILED);
        Job failed = queue.getJob(id.toString()).orElseThrow();
        assertThat(failed.failedReason()).hasValueSatisfying(r -> assertThat(r).startsWith("FAILED: "));

        queue.retryJob(id.toString());

        await().atMost(WAIT).until(() -> queue.getJob(id.toString()).filter(j -> j.finishedOn().isPresent()
                && j.finishedOn().get().isAfter(failed.finishedOn().orElseThrow())).isPresent());
        assertThat(queue.getJob(id.toString()).orElseThrow().failedReason()).isEqualTo(failed.failedReason());
        assertThat(Agents.row(dsl, id).getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(Agents.row(dsl, id).getAttempts()).isEqualTo(1);
        Agents.assertBalanced(dsl, id, user);
    }

    private UUID submit(String script) {
        return jobs.submit(JobRequest.training(user, Agents.H100, Duration.ofMinutes(5), "sh", "-c", script)).id();
    }

    private JobStatus status(UUID id) {
        return Agents.row(dsl, id).getStatus();
    }
}
