package dev.drover.dashboard.domain;

import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;
import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOB_ITEMS;
import static dev.drover.db.generated.certification.Tables.MODEL_CERTIFICATIONS;

import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.db.generated.certification.tables.records.ModelCertificationsRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;

/** Certification batches ({@code certification} schema) for the dashboard: the newest batches, one batch's matrix. */
public final class CertificationReader {

    private static final int LIMIT = 50;

    private final DSLContext dsl;

    public CertificationReader(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The newest batches first. */
    public List<CertificationJobsRecord> batches() {
        return dsl.selectFrom(CERTIFICATION_JOBS).orderBy(CERTIFICATION_JOBS.CREATED_AT.desc()).limit(LIMIT).fetch();
    }

    public Optional<CertificationMatrix> batch(UUID id) {
        CertificationJobsRecord batch = dsl.selectFrom(CERTIFICATION_JOBS).where(CERTIFICATION_JOBS.ID.eq(id)).fetchOne();
        if (batch == null) {
            return Optional.empty();
        }
        List<ModelCertificationsRecord> rows = dsl.selectFrom(MODEL_CERTIFICATIONS)
                .where(MODEL_CERTIFICATIONS.CERTIFICATION_JOB_ID.eq(id))
                .orderBy(MODEL_CERTIFICATIONS.MODEL_ID, MODEL_CERTIFICATIONS.REGION).fetch();
        TreeSet<String> models = new TreeSet<>(Arrays.asList(batch.getModelIds()));
        List<String> regions = new ArrayList<>(Arrays.asList(batch.getRegions()));
        Map<String, ModelCertificationsRecord> cells = new LinkedHashMap<>();
        for (ModelCertificationsRecord r : rows) {
            models.add(r.getModelId());
            if (!regions.contains(r.getRegion())) {
                regions.add(r.getRegion());
            }
            cells.put(CertificationMatrix.key(r.getModelId(), r.getRegion()), r);
        }
        return Optional.of(new CertificationMatrix(batch, List.copyOf(models), List.copyOf(regions), cells));
    }

    /** The batch a queue job worked for: the batch job itself, or one of its certify-model jobs. */
    public Optional<UUID> batchOfQueueJob(String queueJobId) {
        UUID id = dsl.select(CERTIFICATION_JOBS.ID).from(CERTIFICATION_JOBS)
                .where(CERTIFICATION_JOBS.QUEUE_JOB_ID.eq(queueJobId)).fetchOne(CERTIFICATION_JOBS.ID);
        if (id == null) {
            id = dsl.select(CERTIFICATION_JOB_ITEMS.CERTIFICATION_JOB_ID).from(CERTIFICATION_JOB_ITEMS)
                    .where(CERTIFICATION_JOB_ITEMS.QUEUE_JOB_ID.eq(queueJobId)).limit(1)
                    .fetchOne(CERTIFICATION_JOB_ITEMS.CERTIFICATION_JOB_ID);
        }
        if (id == null) {
            id = dsl.select(MODEL_CERTIFICATIONS.CERTIFICATION_JOB_ID).from(MODEL_CERTIFICATIONS)
                    .where(MODEL_CERTIFICATIONS.JOB_ID.eq(queueJobId)).limit(1)
                    .fetchOne(MODEL_CERTIFICATIONS.CERTIFICATION_JOB_ID);
        }
        return Optional.ofNullable(id);
    }
}
