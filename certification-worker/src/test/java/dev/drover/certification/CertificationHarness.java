package dev.drover.certification;

import static dev.drover.db.generated.certification.Tables.AI_MODELS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.certification.batch.BatchTuning;
import dev.drover.certification.batch.ModelProcessor;
import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.bedrock.SimModel;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * One test's certification worker, in process: a migrated database seeded with the simulator's catalogue, the real
 * {@link CertificationApp} pointed at a shared {@link SimulatedBedrock}, a {@link Worker} on queue
 * {@code certification} under the test's prefix, and a {@link Queue} handle to add and inspect jobs.
 */
final class CertificationHarness implements AutoCloseable {

    /** Long rechecks: a test that passes proves that resume and the summary job wake jobs early. */
    static final BatchTuning TUNING = new BatchTuning(3, Duration.ofMillis(50), Duration.ofMinutes(5),
            Duration.ofMinutes(5));

    final Database database;
    final DSLContext dsl;
    final QueueOptions queueOptions;
    final Queue queue;
    private final CertificationApp app;
    private final Worker worker;

    CertificationHarness(TestRedis redis, TestDatabase db, SimulatedBedrock bedrock) {
        this.database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "test", 6);
        this.dsl = database.dsl();
        SimModel.defaultCatalog().forEach(m -> dsl.insertInto(AI_MODELS).set(AI_MODELS.ID, m.modelId())
                .set(AI_MODELS.NAME, m.modelId()).set(AI_MODELS.PROVIDER, "sim").execute());
        this.queueOptions = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        this.queue = new Queue(CertificationApp.QUEUE, queueOptions);
        this.app = new CertificationApp(dsl, queueOptions, bedrock.config, bedrock.credentials(),
                RegionRateLimiter.unlimited(), TUNING, ModelProcessor.CommitHook.NONE);
        this.worker = new Worker(CertificationApp.QUEUE, app.processor(),
                WorkerOptions.builder().concurrency(4).build(), queueOptions).start();
    }

    String submit(String json) {
        return queue.add(CertificationApp.BATCH_JOB, dev.drover.testing.bullmq.NodeBullmq.parse(json));
    }

    /** Waits for the job to complete and returns its return value. */
    JsonNode awaitCompleted(String jobId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> finished(jobId));
        Job job = queue.getJob(jobId).orElseThrow();
        if (queue.getJobState(jobId) != JobState.COMPLETED) {
            throw new AssertionError("job " + jobId + " failed: " + job.failedReason().orElse("?"));
        }
        return job.returnValue();
    }

    /** Waits for the job to fail and returns its failed reason. */
    String awaitFailed(String jobId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> finished(jobId));
        if (queue.getJobState(jobId) != JobState.FAILED) {
            throw new AssertionError("job " + jobId + " did not fail: " + queue.getJob(jobId).orElseThrow());
        }
        return queue.getJob(jobId).orElseThrow().failedReason().orElseThrow();
    }

    private boolean finished(String jobId) {
        JobState s = queue.getJobState(jobId);
        return s == JobState.COMPLETED || s == JobState.FAILED;
    }

    CertificationJobsRecord batchOf(String queueJobId) {
        return dsl.selectFrom(CERTIFICATION_JOBS).where(CERTIFICATION_JOBS.QUEUE_JOB_ID.eq(queueJobId)).fetchOne();
    }

    CertificationJobsRecord batch(UUID id) {
        return dsl.selectFrom(CERTIFICATION_JOBS).where(CERTIFICATION_JOBS.ID.eq(id)).fetchOne();
    }

    @Override
    public void close() {
        worker.close(Duration.ofSeconds(5));
        app.close();
        queue.close();
        database.close();
    }
}
