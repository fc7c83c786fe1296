package dev.drover.certification.batch;

import static dev.drover.db.generated.certification.Tables.CERTIFICATION_JOBS;

import dev.drover.db.generated.certification.enums.JobStatus;
import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Reads and steers {@code certification_jobs} rows: lookups for the processors and the CLI, and the operator's
 * pause / resume / cancel, each a single conditional UPDATE so that it cannot race a counter update into an
 * impossible state. Counters are not touched here; they move only through
 * {@link dev.drover.certification.CertificationRepository#countItem}.
 */
public final class BatchStore {

    /** Statuses an operator may still pause or cancel. */
    private static final Set<JobStatus> LIVE = Set.of(JobStatus.PENDING, JobStatus.QUEUED, JobStatus.PROCESSING);

    private final DSLContext dsl;

    public BatchStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<CertificationJobsRecord> find(UUID id) {
        return dsl.selectFrom(CERTIFICATION_JOBS).where(CERTIFICATION_JOBS.ID.eq(id)).fetchOptional();
    }

    /** By the row id (a UUID) or by the {@code certify-batch} queue job id. */
    public Optional<CertificationJobsRecord> find(String idOrQueueJobId) {
        try {
            return find(UUID.fromString(idOrQueueJobId));
        } catch (IllegalArgumentException notUuid) {
            return dsl.selectFrom(CERTIFICATION_JOBS).where(CERTIFICATION_JOBS.QUEUE_JOB_ID.eq(idOrQueueJobId))
                    .fetchOptional();
        }
    }

    /** QUEUED becomes PROCESSING when the first item starts; any other status is left as it is. */
    public void markStarted(UUID id) {
        transition(id, Set.of(JobStatus.QUEUED), JobStatus.PROCESSING);
    }

    /** Holds back the batch's items that have not started; true when the status changed. */
    public boolean pause(UUID id) {
        return transition(id, LIVE, JobStatus.PAUSED);
    }

    /** Lets a PAUSED batch's items run again; true when the status changed. */
    public boolean resume(UUID id) {
        return transition(id, Set.of(JobStatus.PAUSED), JobStatus.PROCESSING);
    }

    /** The batch's unsettled items will settle as CANCELLED; true when the status changed. */
    public boolean cancel(UUID id) {
        var j = CERTIFICATION_JOBS;
        return dsl.update(j).set(j.STATUS, JobStatus.CANCELLED).set(j.COMPLETED_AT, now()).set(j.UPDATED_AT, now())
                .where(j.ID.eq(id)).and(j.STATUS.in(JobStatus.PENDING, JobStatus.QUEUED, JobStatus.PROCESSING,
                        JobStatus.PAUSED))
                .execute() == 1;
    }

    private boolean transition(UUID id, Set<JobStatus> from, JobStatus to) {
        var j = CERTIFICATION_JOBS;
        return dsl.update(j).set(j.STATUS, to).set(j.UPDATED_AT, now())
                .where(j.ID.eq(id)).and(j.STATUS.in(from))
                .execute() == 1;
    }

    static BatchPlan plan(CertificationJobsRecord row) {
        return new BatchPlan(row.getId(), row.getQueueJobId(), Arrays.asList(row.getModelIds()),
                Arrays.asList(row.getRegions()));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
