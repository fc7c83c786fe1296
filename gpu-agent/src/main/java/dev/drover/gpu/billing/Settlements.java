package dev.drover.gpu.billing;

import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.db.generated.gpu.tables.records.JobsRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Settles a finished job in one transaction, under a row lock on the job:
 * <ol>
 *   <li>cost = runtime × the price the job started at, capped at the reserve; 0 if it never started;</li>
 *   <li>fee = cost × fee rate, earning = cost − fee, refund = reserve − cost (so reserve = refund + earning + fee);</li>
 *   <li>moves the job to its end status and writes the non-zero legs, refunding the user's credits;</li>
 *   <li>rolls the job into its provider's daily metrics.</li>
 * </ol>
 * A job already in an end status is left alone and its recorded bill returned, so a finish retried after a crash, or
 * applied by two agents, is charged once. The legs' unique (job_id, type) key is the second guard.
 */
final class Settlements {

    static final Set<JobStatus> ENDED = EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED);

    private final DSLContext dsl;
    private final BigDecimal feeRate;

    Settlements(DSLContext dsl, BigDecimal feeRate) {
        this.dsl = dsl;
        this.feeRate = feeRate;
    }

    Settlement finish(UUID jobId, JobEnd end) {
        return dsl.transactionResult(cfg -> finishIn(cfg.dsl(), jobId, end));
    }

    /** {@link #finish} inside the caller's transaction {@code tx} (which commits or rolls it back). */
    Settlement finishIn(DSLContext tx, UUID jobId, JobEnd end) {
        JobsRecord job = tx.selectFrom(JOBS).where(JOBS.ID.eq(jobId)).forUpdate().fetchOne();
        if (job == null) {
            throw new IllegalArgumentException("no job with id " + jobId);
        }
        if (ENDED.contains(job.getStatus())) {
            return recorded(tx, job);
        }
        Instant started = job.getStartedAt() == null ? null : job.getStartedAt().toInstant();
        Instant finished = started != null && end.finishedAt().isBefore(started) ? started : end.finishedAt();
        Duration runtime = started == null ? Duration.ZERO : Duration.between(started, finished);
        Settlement s = bill(job, end.status(), runtime);
        job.setStatus(end.status());
        job.setFinishedAt(finished.atOffset(ZoneOffset.UTC));
        job.setExitCode(end.exitCode());
        job.setCost(s.cost());
        job.setError(end.error());
        job.setUpdatedAt(finished.atOffset(ZoneOffset.UTC));
        job.update();
        writeLegs(tx, job, s);
        if (job.getProviderId() != null && started != null) {
            ProviderRollup.add(tx, job, runtime, s.earning(), finished);
        }
        return s;
    }

    private Settlement bill(JobsRecord job, JobStatus status, Duration runtime) {
        BigDecimal reserve = job.getReservedAmount();
        BigDecimal cost = job.getPricePerHour() == null || runtime.isZero()
                ? Money.round(BigDecimal.ZERO)
                : Money.charge(runtime, job.getPricePerHour()).min(reserve);
        BigDecimal fee = Money.round(cost.multiply(feeRate));
        BigDecimal earning = cost.subtract(fee);
        return new Settlement(job.getId(), status, reserve, cost, reserve.subtract(cost), earning, fee, true);
    }

    private static void writeLegs(DSLContext tx, JobsRecord job, Settlement s) {
        if (leg(tx, job, TransactionType.REFUND, s.refund(), "unused reserve")) {
            tx.update(USERS).set(USERS.CREDITS, USERS.CREDITS.plus(s.refund()))
                    .set(USERS.UPDATED_AT, job.getUpdatedAt()).where(USERS.ID.eq(job.getUserId())).execute();
        }
        leg(tx, job, TransactionType.EARNING, s.earning(), "provider earning");
        leg(tx, job, TransactionType.PLATFORM_FEE, s.fee(), "platform fee");
    }

    /** Inserts one leg unless it is zero or already there; true when it was inserted. */
    private static boolean leg(DSLContext tx, JobsRecord job, TransactionType type, BigDecimal amount, String what) {
        if (amount.signum() == 0) {
            return false;
        }
        return tx.insertInto(TRANSACTIONS)
                .set(TRANSACTIONS.USER_ID, job.getUserId())
                .set(TRANSACTIONS.PROVIDER_ID, job.getProviderId())
                .set(TRANSACTIONS.JOB_ID, job.getId())
                .set(TRANSACTIONS.TYPE, type)
                .set(TRANSACTIONS.AMOUNT, amount)
                .set(TRANSACTIONS.DESCRIPTION, what)
                .onConflictDoNothing()
                .execute() == 1;
    }

    /** The bill as the ledger recorded it for an already-settled job. */
    private static Settlement recorded(DSLContext tx, JobsRecord job) {
        Map<TransactionType, BigDecimal> legs = tx.select(TRANSACTIONS.TYPE, TRANSACTIONS.AMOUNT).from(TRANSACTIONS)
                .where(TRANSACTIONS.JOB_ID.eq(job.getId()))
                .fetch().stream().collect(Collectors.toMap(r -> r.value1(), r -> r.value2()));
        BigDecimal zero = Money.round(BigDecimal.ZERO);
        BigDecimal cost = job.getCost() == null ? zero : job.getCost();
        return new Settlement(job.getId(), job.getStatus(), job.getReservedAmount(), cost,
                legs.getOrDefault(TransactionType.REFUND, zero), legs.getOrDefault(TransactionType.EARNING, zero),
                legs.getOrDefault(TransactionType.PLATFORM_FEE, zero), false);
    }
}
