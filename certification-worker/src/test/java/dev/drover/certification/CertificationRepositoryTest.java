package dev.drover.certification;

import static dev.drover.db.generated.certification.Tables.AI_MODELS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOB_ITEMS;
import static dev.drover.db.generated.certification.Tables.MODEL_CERTIFICATIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.db.generated.certification.enums.CertificationItemOutcome;
import dev.drover.db.generated.certification.enums.CertificationJobType;
import dev.drover.db.generated.certification.enums.CertificationStatus;
import dev.drover.db.generated.certification.enums.JobStatus;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.db.generated.certification.tables.records.ModelCertificationsRecord;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link CertificationRepository} against a fresh migrated Postgres database per test. */
@ExtendWith(PostgresExtension.class)
class CertificationRepositoryTest {

    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

    private Database database;
    private DSLContext dsl;
    private CertificationRepository repo;

    @BeforeEach
    void open(TestDatabase db) {
        database = Database.open(DatabaseUrl.parse(db.url(), Map.of()), "test", 4);
        dsl = database.dsl();
        repo = new CertificationRepository(dsl);
        dsl.insertInto(AI_MODELS).set(AI_MODELS.ID, MODEL).set(AI_MODELS.NAME, "Claude 3 Haiku")
                .set(AI_MODELS.PROVIDER, "Anthropic").execute();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void countingTheSameItemTwiceCountsItOnce() {
        UUID job = newJob(2);

        ItemCount first = repo.countItem(job, MODEL, "us-east-1", CertificationItemOutcome.SUCCESS, "q-1");
        ItemCount again = repo.countItem(job, MODEL, "us-east-1", CertificationItemOutcome.SUCCESS, "q-1");

        assertThat(first.counted()).isTrue();
        assertThat(again.counted()).isFalse();
        assertThat(again.processed()).isEqualTo(1);
        CertificationJobsRecord row = job(job);
        assertThat(row.getProcessedModels()).isEqualTo(1);
        assertThat(row.getSuccessCount()).isEqualTo(1);
        assertThat(row.getFailureCount()).isZero();
        assertThat(row.getStatus()).isEqualTo(JobStatus.PROCESSING);
        assertThat(dsl.fetchCount(CERTIFICATION_JOB_ITEMS)).isEqualTo(1);
    }

    @Test
    void theLastItemCompletesTheBatch() {
        UUID job = newJob(2);

        repo.countItem(job, MODEL, "us-east-1", CertificationItemOutcome.SUCCESS, "q-1");
        ItemCount last = repo.countItem(job, MODEL, "eu-west-1", CertificationItemOutcome.FAILURE, "q-2");
        repo.countItem(job, MODEL, "eu-west-1", CertificationItemOutcome.FAILURE, "q-2");

        assertThat(last.status()).isEqualTo(JobStatus.COMPLETED);
        CertificationJobsRecord row = job(job);
        assertThat(row.getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(row.getCompletedAt()).isNotNull();
        assertThat(List.of(row.getProcessedModels(), row.getSuccessCount(), row.getFailureCount()))
                .containsExactly(2, 1, 1);
    }

    @Test
    void cancelledItemsAreNotFailuresAndKeepTheBatchCancelled() {
        UUID job = newJob(2);
        dsl.update(CERTIFICATION_JOBS).set(CERTIFICATION_JOBS.STATUS, JobStatus.CANCELLED)
                .where(CERTIFICATION_JOBS.ID.eq(job)).execute();

        repo.countItem(job, MODEL, "us-east-1", CertificationItemOutcome.SUCCESS, "q-1");
        repo.countItem(job, MODEL, "eu-west-1", CertificationItemOutcome.CANCELLED, "q-2");

        CertificationJobsRecord row = job(job);
        assertThat(row.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(row.getFailureCount()).isZero();
        assertThat(row.getCancelledCount()).isEqualTo(1);
        assertThat(row.getProcessedModels()).isEqualTo(2);
    }

    @Test
    void certificationRowMovesThroughItsStatuses() {
        UUID job = newJob(1);
        repo.markQueued(MODEL, "us-east-1", job, "q-1", "alice");
        assertThat(cert().getStatus()).isEqualTo(CertificationStatus.QUEUED);

        Instant started = Instant.parse("2026-01-01T10:00:00Z");
        repo.markProcessing(MODEL, "us-east-1", job, "q-1", started);
        assertThat(cert().getStatus()).isEqualTo(CertificationStatus.PROCESSING);

        repo.recordResult(result(started, true), job, "q-1");
        ModelCertificationsRecord done = cert();
        assertThat(done.getStatus()).isEqualTo(CertificationStatus.COMPLETED);
        assertThat(done.getPassed()).isFalse();
        assertThat(done.getScore()).isEqualByComparingTo("50");
        assertThat(done.getRating()).isEqualTo("F");
        assertThat(done.getErrorCategory()).isEqualTo("invalid_response");
        assertThat(done.getDurationMs()).isEqualTo(1234L);
        assertThat(done.getStartedAt().toInstant()).isEqualTo(started);
        assertThat(done.getCreatedBy()).isEqualTo("alice");
        assertThat(done.getTestResults().data()).contains("\"errorCategory\": \"invalid_response\"")
                .contains("\"latencyMs\": 12");

        repo.recordResult(result(started, false), job, "q-1");
        assertThat(cert().getStatus()).isEqualTo(CertificationStatus.FAILED);
        assertThat(dsl.fetchCount(MODEL_CERTIFICATIONS)).isEqualTo(1);
    }

    @Test
    void cancellingLeavesRowsOfOtherBatchesAlone() {
        UUID mine = newJob(1);
        UUID other = newJob(1);
        repo.markQueued(MODEL, "us-east-1", other, "q-9", "bob");

        repo.markCancelled(MODEL, "us-east-1", mine);
        assertThat(cert().getStatus()).isEqualTo(CertificationStatus.QUEUED);

        repo.markCancelled(MODEL, "us-east-1", other);
        assertThat(cert().getStatus()).isEqualTo(CertificationStatus.CANCELLED);
    }

    private static CertificationResult result(Instant started, boolean ran) {
        List<TestResult> tests = List.of(TestResult.pass("basic_prompt", "Basic prompt", 12),
                TestResult.fail("json_output", "JSON output parses", 30, "not JSON", ErrorCategory.INVALID_RESPONSE));
        return new CertificationResult(MODEL, "us-east-1", MODEL, tests, ScoreCard.of(tests), started,
                started.plusMillis(1234), 1234, ran, "not JSON", ErrorCategory.INVALID_RESPONSE);
    }

    private UUID newJob(int total) {
        return dsl.insertInto(CERTIFICATION_JOBS)
                .set(CERTIFICATION_JOBS.TYPE, CertificationJobType.SINGLE_MODEL)
                .set(CERTIFICATION_JOBS.REGIONS, new String[] {"us-east-1", "eu-west-1"})
                .set(CERTIFICATION_JOBS.MODEL_IDS, new String[] {MODEL})
                .set(CERTIFICATION_JOBS.STATUS, JobStatus.PROCESSING)
                .set(CERTIFICATION_JOBS.TOTAL_MODELS, total)
                .returning(CERTIFICATION_JOBS.ID)
                .fetchOne(CERTIFICATION_JOBS.ID);
    }

    private CertificationJobsRecord job(UUID id) {
        return dsl.selectFrom(CERTIFICATION_JOBS).where(CERTIFICATION_JOBS.ID.eq(id)).fetchOne();
    }

    private ModelCertificationsRecord cert() {
        return dsl.selectFrom(MODEL_CERTIFICATIONS).fetchOne();
    }
}
