package dev.drover.certification.batch;

import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;

import dev.drover.certification.CertificationRepository;
import dev.drover.db.generated.certification.enums.JobStatus;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * Creates or adopts a batch's {@code certification_jobs} row and marks its items QUEUED, in one transaction keyed on
 * the {@code certify-batch} queue job id:
 * <ol>
 *   <li>a row already owned by this queue job means the batch expanded before (the job runs again after a crash or a
 *       retry): its plan is read back and nothing is written;</li>
 *   <li>otherwise the models are resolved ({@link ModelResolver}), the row is inserted (or the caller's row, named by
 *       {@code certificationJobId}, is adopted) with total = models × regions, and each (model, region) is marked
 *       QUEUED.</li>
 * </ol>
 * An {@link InvalidBatchException} thrown on the way rolls everything back, so a bad request leaves no trace.
 */
public final class BatchExpander {

    private final DSLContext dsl;

    public BatchExpander(DSLContext dsl) {
        this.dsl = dsl;
    }

    public BatchPlan expand(BatchRequest request, String queueJobId) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            CertificationJobsRecord owned = tx.selectFrom(CERTIFICATION_JOBS)
                    .where(CERTIFICATION_JOBS.QUEUE_JOB_ID.eq(queueJobId)).forUpdate().fetchOne();
            if (owned != null) {
                return BatchStore.plan(owned);
            }
            List<String> models = ModelResolver.resolve(tx, request);
            UUID id = claimRow(tx, request, queueJobId, models);
            if (id == null) {
                // another run of this queue job inserted and expanded it meanwhile (ON CONFLICT waited for its commit)
                return BatchStore.plan(tx.selectFrom(CERTIFICATION_JOBS)
                        .where(CERTIFICATION_JOBS.QUEUE_JOB_ID.eq(queueJobId)).fetchSingle());
            }
            BatchPlan plan = new BatchPlan(id, queueJobId, models, request.regions());
            CertificationRepository repo = new CertificationRepository(tx);
            plan.items().forEach(i -> repo.markQueued(i.modelId(), i.region(), plan.certificationJobId(),
                    i.queueJobId(), request.createdBy()));
            return plan;
        });
    }

    private static UUID claimRow(DSLContext tx, BatchRequest request, String queueJobId, List<String> models) {
        return request.certificationJobId() == null
                ? insert(tx, request, queueJobId, models)
                : adopt(tx, request, queueJobId, models);
    }

    /** The new row's id, or null when a concurrent run of the same queue job inserted it first. */
    private static UUID insert(DSLContext tx, BatchRequest request, String queueJobId, List<String> models) {
        var j = CERTIFICATION_JOBS;
        return tx.insertInto(j)
                .set(j.TYPE, request.type())
                .set(j.REGIONS, request.regions().toArray(String[]::new))
                .set(j.MODEL_IDS, models.toArray(String[]::new))
                .set(j.STATUS, JobStatus.QUEUED)
                .set(j.TOTAL_MODELS, models.size() * request.regions().size())
                .set(j.QUEUE_JOB_ID, queueJobId)
                .set(j.CONFIG, JSONB.valueOf(request.config().toString()))
                .set(j.CREATED_BY, request.createdBy())
                .set(j.STARTED_AT, now())
                .onConflict(j.QUEUE_JOB_ID).doNothing()
                .returning(j.ID).fetchOne(j.ID);
    }

    /** Takes over a row the caller inserted; a PENDING row becomes QUEUED, a PAUSED or CANCELLED one stays so. */
    private static UUID adopt(DSLContext tx, BatchRequest request, String queueJobId, List<String> models) {
        var j = CERTIFICATION_JOBS;
        int updated = tx.update(j)
                .set(j.TYPE, request.type())
                .set(j.REGIONS, request.regions().toArray(String[]::new))
                .set(j.MODEL_IDS, models.toArray(String[]::new))
                .set(j.TOTAL_MODELS, models.size() * request.regions().size())
                .set(j.QUEUE_JOB_ID, queueJobId)
                .set(j.STATUS, DSL.when(j.STATUS.eq(JobStatus.PENDING), DSL.inline(JobStatus.QUEUED))
                        .otherwise(j.STATUS))
                .set(j.STARTED_AT, DSL.coalesce(j.STARTED_AT, DSL.val(now())))
                .set(j.UPDATED_AT, now())
                .where(j.ID.eq(request.certificationJobId()))
                .and(j.QUEUE_JOB_ID.isNull())
                .and(j.PROCESSED_MODELS.eq(0))
                .execute();
        if (updated == 0) {
            throw new InvalidBatchException("certificationJobId " + request.certificationJobId()
                    + " does not exist or already belongs to another queue job");
        }
        return request.certificationJobId();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
