package dev.drover.certification;

import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOB_ITEMS;
import static dev.drover.db.generated.certification.Tables.MODEL_CERTIFICATIONS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.certification.enums.CertificationItemOutcome;
import dev.drover.db.generated.certification.enums.CertificationStatus;
import dev.drover.db.generated.certification.enums.JobStatus;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * The certification worker's only access to Postgres (schema {@code certification}), through jOOQ with bind values.
 *
 * <p>{@code model_certifications} rows are upserted on (model_id, region), so a recertification overwrites the last
 * one: QUEUED when a batch expands, PROCESSING when a worker starts, then COMPLETED (the suite ran; {@code passed}
 * says how it went) or FAILED (the suite could not run: unavailable, listing failed), or CANCELLED.
 *
 * <p>Batch counters move only through {@link #countItem}, exactly once per (job, model, region): see there.
 */
public final class CertificationRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;

    public CertificationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The row is QUEUED for {@code certificationJobId}; results of an earlier certification stay until replaced. */
    public void markQueued(String modelId, String region, UUID certificationJobId, String queueJobId, String createdBy) {
        Map<Field<?>, Object> row = row(CertificationStatus.QUEUED, certificationJobId, queueJobId);
        row.put(MODEL_CERTIFICATIONS.CREATED_BY, createdBy);
        upsert(modelId, region, row);
    }

    /** The row is PROCESSING since {@code startedAt}; a previous completion time and duration are cleared. */
    public void markProcessing(String modelId, String region, UUID certificationJobId, String queueJobId,
                               Instant startedAt) {
        Map<Field<?>, Object> row = row(CertificationStatus.PROCESSING, certificationJobId, queueJobId);
        row.put(MODEL_CERTIFICATIONS.STARTED_AT, at(startedAt));
        row.put(MODEL_CERTIFICATIONS.COMPLETED_AT, null);
        row.put(MODEL_CERTIFICATIONS.DURATION_MS, null);
        upsert(modelId, region, row);
    }

    /** Stores a finished certification: COMPLETED when the suite ran, FAILED when it could not. */
    public void recordResult(CertificationResult r, UUID certificationJobId, String queueJobId) {
        CertificationStatus status = r.ran() ? CertificationStatus.COMPLETED : CertificationStatus.FAILED;
        Map<Field<?>, Object> row = row(status, certificationJobId, queueJobId);
        row.put(MODEL_CERTIFICATIONS.PASSED, r.passed());
        row.put(MODEL_CERTIFICATIONS.SCORE, r.scoreCard().score());
        row.put(MODEL_CERTIFICATIONS.RATING, r.scoreCard().rating());
        row.put(MODEL_CERTIFICATIONS.TEST_RESULTS, testResultsJson(r.tests()));
        row.put(MODEL_CERTIFICATIONS.ERROR, r.error());
        row.put(MODEL_CERTIFICATIONS.ERROR_CATEGORY, r.errorCategory() == null ? null : r.errorCategory().wireName());
        row.put(MODEL_CERTIFICATIONS.STARTED_AT, at(r.startedAt()));
        row.put(MODEL_CERTIFICATIONS.COMPLETED_AT, at(r.completedAt()));
        row.put(MODEL_CERTIFICATIONS.DURATION_MS, r.durationMs());
        upsert(r.modelId(), r.region(), row);
    }

    private static Map<Field<?>, Object> row(CertificationStatus status, UUID certificationJobId, String queueJobId) {
        Map<Field<?>, Object> row = new LinkedHashMap<>();
        row.put(MODEL_CERTIFICATIONS.STATUS, status);
        row.put(MODEL_CERTIFICATIONS.CERTIFICATION_JOB_ID, certificationJobId);
        row.put(MODEL_CERTIFICATIONS.JOB_ID, queueJobId);
        return row;
    }

    /** Inserts the (model, region) row with these values, or sets them on the existing one. */
    private void upsert(String modelId, String region, Map<Field<?>, Object> values) {
        dsl.insertInto(MODEL_CERTIFICATIONS)
                .set(MODEL_CERTIFICATIONS.MODEL_ID, modelId)
                .set(MODEL_CERTIFICATIONS.REGION, region)
                .set(values)
                .onConflict(MODEL_CERTIFICATIONS.MODEL_ID, MODEL_CERTIFICATIONS.REGION).doUpdate()
                .set(values)
                .set(MODEL_CERTIFICATIONS.UPDATED_AT, now())
                .execute();
    }

    /** The row of {@code certificationJobId} becomes CANCELLED; a row another batch has taken over is left alone. */
    public void markCancelled(String modelId, String region, UUID certificationJobId) {
        dsl.update(MODEL_CERTIFICATIONS)
                .set(MODEL_CERTIFICATIONS.STATUS, CertificationStatus.CANCELLED)
                .set(MODEL_CERTIFICATIONS.UPDATED_AT, now())
                .where(MODEL_CERTIFICATIONS.MODEL_ID.eq(modelId))
                .and(MODEL_CERTIFICATIONS.REGION.eq(region))
                .and(MODEL_CERTIFICATIONS.CERTIFICATION_JOB_ID.eq(certificationJobId))
                .execute();
    }

    /**
     * Counts one processed (job, model, region) exactly once. In one transaction: insert the ledger row
     * (ON CONFLICT DO NOTHING); only if it was inserted, add 1 to processed_models and to success_count,
     * failure_count or cancelled_count, and make the batch COMPLETED when processed reaches total (a CANCELLED or
     * FAILED batch keeps its status). A second call for the same item, from a retry or from a worker that died after
     * committing and before acknowledging the queue job, finds the ledger row and changes nothing.
     */
    public ItemCount countItem(UUID certificationJobId, String modelId, String region,
                               CertificationItemOutcome outcome, String queueJobId) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            int inserted = tx.insertInto(CERTIFICATION_JOB_ITEMS)
                    .set(CERTIFICATION_JOB_ITEMS.CERTIFICATION_JOB_ID, certificationJobId)
                    .set(CERTIFICATION_JOB_ITEMS.MODEL_ID, modelId)
                    .set(CERTIFICATION_JOB_ITEMS.REGION, region)
                    .set(CERTIFICATION_JOB_ITEMS.OUTCOME, outcome)
                    .set(CERTIFICATION_JOB_ITEMS.QUEUE_JOB_ID, queueJobId)
                    .onConflictDoNothing()
                    .execute();
            CertificationJobsRecord job = inserted == 1 ? increment(tx, certificationJobId, outcome)
                    : tx.selectFrom(CERTIFICATION_JOBS).where(CERTIFICATION_JOBS.ID.eq(certificationJobId)).fetchOne();
            if (job == null) {
                throw new IllegalStateException("certification job " + certificationJobId + " does not exist");
            }
            return new ItemCount(inserted == 1, job.getStatus(), job.getProcessedModels(), job.getTotalModels());
        });
    }

    private static CertificationJobsRecord increment(DSLContext tx, UUID jobId, CertificationItemOutcome outcome) {
        var j = CERTIFICATION_JOBS;
        // Evaluated against the row as locked by this UPDATE, so concurrent items cannot both miss the last count.
        var nowDone = j.PROCESSED_MODELS.plus(1).ge(j.TOTAL_MODELS)
                .and(j.STATUS.notIn(JobStatus.CANCELLED, JobStatus.FAILED, JobStatus.COMPLETED));
        OffsetDateTime now = now();
        return tx.update(j)
                .set(j.PROCESSED_MODELS, j.PROCESSED_MODELS.plus(1))
                .set(j.SUCCESS_COUNT, j.SUCCESS_COUNT.plus(outcome == CertificationItemOutcome.SUCCESS ? 1 : 0))
                .set(j.FAILURE_COUNT, j.FAILURE_COUNT.plus(outcome == CertificationItemOutcome.FAILURE ? 1 : 0))
                .set(j.CANCELLED_COUNT, j.CANCELLED_COUNT.plus(outcome == CertificationItemOutcome.CANCELLED ? 1 : 0))
                .set(j.STATUS, DSL.when(nowDone, DSL.inline(JobStatus.COMPLETED)).otherwise(j.STATUS))
                .set(j.COMPLETED_AT, DSL.when(nowDone, DSL.val(now)).otherwise(j.COMPLETED_AT))
                .set(j.UPDATED_AT, now)
                .where(j.ID.eq(jobId))
                .returning()
                .fetchOne();
    }

    static JSONB testResultsJson(List<TestResult> tests) {
        List<Map<String, Object>> out = tests.stream().map(CertificationRepository::toMap).toList();
        try {
            return JSONB.valueOf(JSON.writeValueAsString(out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise test results", e);
        }
    }

    private static Map<String, Object> toMap(TestResult t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("passed", t.passed());
        m.put("latencyMs", t.latencyMs());
        m.put("error", t.error());
        m.put("errorCategory", t.errorCategory() == null ? null : t.errorCategory().wireName());
        return m;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
