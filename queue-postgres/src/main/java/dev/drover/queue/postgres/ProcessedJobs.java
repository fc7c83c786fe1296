package dev.drover.queue.postgres;

import static dev.drover.db.generated.drover.Tables.PROCESSED_JOBS;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.db.generated.drover.tables.records.ProcessedJobsRecord;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSON;
import org.jooq.impl.DSL;

/**
 * The SQL of {@code drover.processed_jobs}: registering an attempt (the fence) and committing a job's result under it.
 * Every statement runs on the connection it is given, so the result commits in the work's own transaction.
 *
 * <p>The fence: an attempt registers (job timestamp, attempt number, lock token) when it starts, replacing an
 * earlier attempt of the same job but never a later one (a job re-added under a removed job's id, with another
 * timestamp, replaces any attempt). Committing sets the result only where the row still names this attempt's lock
 * token; the UPDATE takes the row lock, so a later attempt registering at the same moment waits for this commit and
 * then finds the job done, or this UPDATE waits for that registration and then finds the row taken.
 */
final class ProcessedJobs {

    private static final dev.drover.db.generated.drover.tables.ProcessedJobs P = PROCESSED_JOBS;

    /** What registering an attempt found: the job's work committed before (with its result), or neither. */
    record Registration(Optional<JsonNode> storedResult) {
    }

    private ProcessedJobs() {
    }

    /**
     * Registers {@code a} as the job's current attempt, or finds the job's stored result.
     *
     * @throws StaleAttemptException when a later attempt of the job has registered already
     */
    static Registration register(DSLContext db, AttemptId a) {
        boolean registered = db.insertInto(P)
                .set(P.QUEUE, a.queue()).set(P.JOB_ID, a.jobId()).set(P.JOB_TIMESTAMP, a.jobTimestamp())
                .set(P.ATTEMPT, a.attempt()).set(P.LOCK_TOKEN, a.lockToken()).set(P.STARTED_AT, DSL.currentOffsetDateTime())
                .onConflict(P.QUEUE, P.JOB_ID).doUpdate()
                .set(P.JOB_TIMESTAMP, DSL.excluded(P.JOB_TIMESTAMP)).set(P.ATTEMPT, DSL.excluded(P.ATTEMPT))
                .set(P.LOCK_TOKEN, DSL.excluded(P.LOCK_TOKEN)).set(P.STARTED_AT, DSL.excluded(P.STARTED_AT))
                .where(P.COMPLETED_AT.isNull().and(P.JOB_TIMESTAMP.ne(a.jobTimestamp()).or(P.ATTEMPT.le(a.attempt()))))
                .returning(P.ATTEMPT)
                .fetchOptional().isPresent();
        if (registered) {
            return new Registration(Optional.empty());
        }
        // a new statement, so a new snapshot: it sees whatever made the insert stand back
        ProcessedJobsRecord row = db.selectFrom(P).where(key(a)).fetchOne();
        if (row != null && row.getCompletedAt() != null) {
            return new Registration(Optional.of(Results.read(row.getResult().data())));
        }
        throw stale(a, row);
    }

    /**
     * Stores {@code result} as the job's, in the caller's transaction, if {@code a} is still the current attempt.
     *
     * @throws StaleAttemptException when it is not (the caller's transaction must roll back)
     */
    static void complete(DSLContext tx, AttemptId a, JsonNode result) {
        JSON json = JSON.valueOf(Results.write(result));
        int updated = tx.update(P).set(P.COMPLETED_AT, DSL.currentOffsetDateTime()).set(P.RESULT, json)
                .where(key(a)).and(P.LOCK_TOKEN.eq(a.lockToken())).and(P.COMPLETED_AT.isNull())
                .execute();
        if (updated == 1 || reinsert(tx, a, json)) {
            return;
        }
        throw stale(a, tx.selectFrom(P).where(key(a)).fetchOne());
    }

    /**
     * Checks, in the caller's transaction, that {@code a} is still the current attempt, and keeps a later one from
     * registering until that transaction ends (FOR SHARE).
     *
     * @throws StaleAttemptException when it is not
     */
    static void holdFence(DSLContext tx, AttemptId a) {
        ProcessedJobsRecord row = tx.selectFrom(P).where(key(a)).forShare().fetchOne();
        if (row != null && row.getCompletedAt() == null && a.lockToken().equals(row.getLockToken())) {
            return;
        }
        if (row == null && reinsert(tx, a, null)) {
            return;
        }
        throw stale(a, row == null ? tx.selectFrom(P).where(key(a)).fetchOne() : row);
    }

    /**
     * A row retention pruned under a running attempt (older than the retention age) is written again for it; false
     * when another attempt wrote one first.
     */
    private static boolean reinsert(DSLContext tx, AttemptId a, JSON result) {
        return tx.insertInto(P)
                .set(P.QUEUE, a.queue()).set(P.JOB_ID, a.jobId()).set(P.JOB_TIMESTAMP, a.jobTimestamp())
                .set(P.ATTEMPT, a.attempt()).set(P.LOCK_TOKEN, a.lockToken())
                .set(P.STARTED_AT, DSL.currentOffsetDateTime())
                .set(P.COMPLETED_AT, result == null ? null : DSL.currentOffsetDateTime())
                .set(P.RESULT, result)
                .onConflictDoNothing()
                .execute() == 1;
    }

    private static Condition key(AttemptId a) {
        return P.QUEUE.eq(a.queue()).and(P.JOB_ID.eq(a.jobId()));
    }

    private static StaleAttemptException stale(AttemptId a, ProcessedJobsRecord row) {
        if (row != null && row.getCompletedAt() != null) {
            return new StaleAttemptException(a.queue(), a.jobId(), StaleAttemptException.Reason.COMPLETED_ELSEWHERE,
                    "job " + a + " is stale: attempt " + row.getAttempt() + " committed the job's work at "
                            + row.getCompletedAt() + "; this attempt's work was rolled back");
        }
        String holder = row == null ? "another attempt" : "attempt " + row.getAttempt() + " (since "
                + row.getStartedAt() + ")";
        return new StaleAttemptException(a.queue(), a.jobId(), StaleAttemptException.Reason.SUPERSEDED,
                "job " + a + " is stale: its lock expired and " + holder + " took the job over; this attempt's work "
                        + "was rolled back");
    }
}
