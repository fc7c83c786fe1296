package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;
import static dev.drover.db.generated.gpu.Tables.PHOTOS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.db.generated.gpu.enums.ImageBatchStatus;
import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.TrainedModelStatus;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.gpu.agent.ImageSettings;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.images.BatchRequest;
import dev.drover.gpu.images.BatchView;
import dev.drover.gpu.images.FetchRules;
import dev.drover.gpu.images.GeminiConfig;
import dev.drover.gpu.images.ImageBatches;
import dev.drover.gpu.images.SubmittedTraining;
import dev.drover.gpu.images.TrainRequest;
import dev.drover.queue.Backoff;
import dev.drover.queue.Queue;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.gemini.GeminiSimulator;
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
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004's jobs end to end: {@link ImageJobs} submits, the queue delivers, an agent daemon runs them against the
 * Gemini simulator, with real Redis, Postgres and processes.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class ImageJobsDaemonTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DSLContext dsl;
    private final Agents agents;
    private final GpuJobs jobs;
    private final ImageJobs images;
    private final FakeNvidiaSmi smi = FakeNvidiaSmi.install();
    private final GeminiSimulator gemini = GeminiSimulator.start("sim-key");
    private final UUID user;
    @TempDir
    Path storage;

    ImageJobsDaemonTest(TestRedis redis, TestDatabase db) {
        this.dsl = GpuRows.dsl(db);
        this.agents = new Agents(redis, db);
        this.jobs = agents.jobs(dsl);
        this.images = agents.imageJobs(dsl, jobs, Backoff.fixed(1_500));
        this.user = GpuRows.user(dsl, "100");
    }

    private final List<AutoCloseable> closeAfter = new java.util.ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        agents.close();
        images.close();
        jobs.close();
        gemini.close();
        smi.close();
    }

    private void startAgent() {
        GeminiConfig cfg = GeminiConfig.fromEnv(Map.of("GEMINI_BASE_URL", gemini.baseUrl(), "GEMINI_API_KEY",
                gemini.apiKey())).withRetry(3, Duration.ofMillis(20));
        // the training images come from a local server: loopback and plain http are opted in to explicitly
        ImageSettings settings = new ImageSettings(cfg, storage, 2).withFetch(FetchRules.of(true, List.of("127.0.0.1")));
        assertThat(agents.start("h100-img", smi.path().toString(), settings).takesImageBatches()).isTrue();
    }

    private BatchView batch(long id) {
        return images.batch(id).orElseThrow();
    }

    @Test
    void aBatchWithSomeFailingImagesCompletesAndRefundsOnlyThoseImages() {
        startAgent();
        gemini.failWhenPromptContains("variation 2 of 4", 400, Integer.MAX_VALUE)
                .failWhenPromptContains("variation 3 of 4", 503, 1)
                .textOnlyWhenPromptContains("variation 4 of 4");
        long id = images.submitBatch(new BatchRequest(user, null, "a lighthouse", "16:9", List.of(), 4,
                new BigDecimal("2.5"))).batchId();

        await().atMost(WAIT).until(() -> batch(id).status().equals("completed"));

        BatchView v = batch(id);
        assertThat(v.completed()).isEqualTo(2);
        assertThat(v.failed()).isEqualTo(2);
        assertThat(v.queueState()).isEqualTo("completed");
        assertThat(dsl.select(PHOTOS.IMAGE_INDEX).from(PHOTOS).where(PHOTOS.BATCH_ID.eq(id)).orderBy(PHOTOS.IMAGE_INDEX)
                .fetch(PHOTOS.IMAGE_INDEX)).containsExactly(0, 2);
        assertThat(storage.resolve("batches/" + id + "/0.png")).exists();
        assertThat(leg(id, TransactionType.DEBIT)).isEqualByComparingTo("10");
        assertThat(leg(id, TransactionType.REFUND)).isEqualByComparingTo("5");
        assertThat(leg(id, TransactionType.PLATFORM_FEE)).isEqualByComparingTo("5");
        assertThat(GpuRows.credits(dsl, user)).isEqualByComparingTo("95").isEqualByComparingTo(GpuRows.ledgerBalance(dsl, user));
    }

    @Test
    void aBatchWhoseImagesAllFailFailsAndIsRefundedInFull() {
        startAgent();
        gemini.failWhenPromptContains("forbidden", 400, Integer.MAX_VALUE);
        long id = images.submitBatch(new BatchRequest(user, null, "forbidden", "1:1", List.of(), 3,
                new BigDecimal("1.5"))).batchId();

        await().atMost(WAIT).until(() -> batch(id).status().equals("failed"));

        BatchView v = batch(id);
        assertThat(v.failed()).isEqualTo(3);
        assertThat(v.error()).contains("400");
        await().atMost(WAIT).until(() -> batch(id).queueState().equals("failed"));
        assertThat(gemini.requestCount("forbidden")).isEqualTo(3); // a 400 is not retried, the failed job not re-run
        assertThat(leg(id, TransactionType.REFUND)).isEqualByComparingTo("4.5");
        assertThat(leg(id, TransactionType.PLATFORM_FEE)).isZero();
        assertThat(GpuRows.credits(dsl, user)).isEqualByComparingTo("100").isEqualByComparingTo(GpuRows.ledgerBalance(dsl, user));
    }

    @Test
    void aBatchRetriedAfterAFailedAttemptStoresEachImageOnce() throws Exception {
        long id = images.submitBatch(new BatchRequest(user, null, "a harbour", "1:1", List.of(), 4,
                BigDecimal.ONE)).batchId();
        // image 2's file name is taken by a non-empty directory: attempt 1 stores 0 and 1, then fails storing 2
        Path obstacle = Files.createDirectories(storage.resolve("batches/" + id + "/2.png/blocker"));
        startAgent();
        try (Queue q = new Queue(GpuQueues.IMAGES, agents.queueOptions())) {
            await().atMost(WAIT).until(() -> q.getJob(ImageBatches.queueJobId(id)).orElseThrow().attemptsMade() >= 1);
        }
        assertThat(batch(id).stored()).isEqualTo(2);
        Files.delete(obstacle);
        Files.delete(obstacle.getParent());

        await().atMost(WAIT).until(() -> batch(id).status().equals("completed"));

        assertThat(dsl.select(PHOTOS.IMAGE_INDEX).from(PHOTOS).where(PHOTOS.BATCH_ID.eq(id)).orderBy(PHOTOS.IMAGE_INDEX)
                .fetch(PHOTOS.IMAGE_INDEX)).containsExactly(0, 1, 2, 3);
        assertThat(gemini.requestCount("variation 1 of 4")).isEqualTo(1);
        assertThat(gemini.requestCount("variation 2 of 4")).isEqualTo(1);
        assertThat(gemini.requestCount("variation 3 of 4")).isEqualTo(2); // generated, not stored, asked again
        assertThat(batch(id).completed()).isEqualTo(4);
        assertThat(leg(id, TransactionType.REFUND)).isZero();
        assertThat(dsl.fetchCount(TRANSACTIONS, TRANSACTIONS.IMAGE_BATCH_ID.eq(id))).isEqualTo(2); // DEBIT + FEE
        assertThat(GpuRows.credits(dsl, user)).isEqualByComparingTo("96").isEqualByComparingTo(GpuRows.ledgerBalance(dsl, user));
    }

    @Test
    void theRelayEnqueuesABatchLeftPendingByItsSubmitter() {
        // the submitter "crashed" after the database transaction: the batch is paid and pending, in no queue
        long id = new ImageBatches(dsl, InstantSource.system()).create(user, null, "relayed", "1:1", List.of(), 1,
                BigDecimal.ONE);
        startAgent();

        await().atMost(WAIT).until(() -> batch(id).status().equals("completed"));
        assertThat(GpuRows.credits(dsl, user)).isEqualByComparingTo("99");
    }

    @Test
    void aTrainModelJobThroughTheAgentMarksTheModelReadyWithItsArtifactAndBillsItsRuntime() throws Exception {
        startAgent();
        ImageServer server = ImageServer.http().image("/a.png", "image/png", ImageServer.PNG)
                .image("/b.jpg", "image/jpeg", ImageServer.JPEG);
        closeAfter.add(server);
        String script = "n=$(ls \"$TRAINING_IMAGES_DIR\" | wc -l); echo trained on $n;"
                + " echo weights > \"$OUTPUT_DIR/model.bin\"";
        SubmittedTraining t = images.submitTraining(new TrainRequest("portrait", List.of(server.url("/a.png"),
                server.url("/b.jpg")), JobRequest.training(user, Agents.H100, Duration.ofMinutes(1), "sh", "-c", script)));

        await().atMost(WAIT).until(() -> images.model(t.modelId()).orElseThrow().getStatus() == TrainedModelStatus.ready);

        var model = images.model(t.modelId()).orElseThrow();
        assertThat(model.getJobId()).isEqualTo(t.job().id());
        assertThat(storage.resolve(model.getArtifactPath())).hasContent("weights");
        await().atMost(WAIT).until(() -> Agents.row(dsl, t.job().id()).getStatus() == JobStatus.COMPLETED);
        assertThat(dsl.select(JOB_LOGS.MESSAGE).from(JOB_LOGS).where(JOB_LOGS.JOB_ID.eq(t.job().id()))
                .fetch(JOB_LOGS.MESSAGE)).contains("trained on 2");
        assertThat(agents.jobDirsLeft()).isEmpty();
        assertThat(jobs.status(t.job().id()).orElseThrow().queueState()).isEqualTo("completed");
        Agents.assertBalanced(dsl, t.job().id(), user);
    }

    private BigDecimal leg(long batch, TransactionType type) {
        BigDecimal v = dsl.select(DSL.sum(TRANSACTIONS.AMOUNT)).from(TRANSACTIONS)
                .where(TRANSACTIONS.IMAGE_BATCH_ID.eq(batch).and(TRANSACTIONS.TYPE.eq(type))).fetchOne(0, BigDecimal.class);
        return v == null ? BigDecimal.ZERO : v;
    }
}
