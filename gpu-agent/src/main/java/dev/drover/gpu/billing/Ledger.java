package dev.drover.gpu.billing;

import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.PROVIDERS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.db.generated.gpu.tables.records.JobsRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The marketplace's money, kept in {@code gpu.transactions} (see V4's ledger rule: per job, DEBIT = REFUND + EARNING +
 * PLATFORM_FEE). Every method is one database transaction, so a crash at any point leaves either all of a step or
 * none of it; {@link #finish} is idempotent, so the at-least-once queue may deliver a job's end more than once.
 *
 * <ul>
 *   <li>{@link #submit}: creates the PENDING job with its estimate and debits the reserve, or refuses and writes nothing.</li>
 *   <li>{@link #start}: an agent claims the job: RUNNING, its provider and that provider's current price.</li>
 *   <li>{@link #finish}: charges runtime × price (capped at the reserve), refunds the rest, credits the provider.</li>
 *   <li>{@link #failBeforeStart} / {@link #requestCancel}: a job that never ran is refunded in full.</li>
 * </ul>
 */
public final class Ledger {

    /** The platform's share of each job's cost unless configured otherwise. */
    public static final BigDecimal DEFAULT_FEE_RATE = new BigDecimal("0.10");
    private static final String NUMERIC_OVERFLOW = "22003";

    private final DSLContext dsl;
    private final InstantSource clock;
    private final Reservations reservations;
    private final Settlements settlements;

    public Ledger(DSLContext dsl, BigDecimal feeRate, InstantSource clock) {
        if (feeRate.signum() < 0 || feeRate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("platform fee rate must be within 0..1, got " + feeRate);
        }
        this.dsl = dsl;
        this.clock = clock;
        this.reservations = new Reservations(dsl, new Estimator(dsl), clock);
        this.settlements = new Settlements(dsl, feeRate);
    }

    public Ledger(DSLContext dsl) {
        this(dsl, DEFAULT_FEE_RATE, InstantSource.system());
    }

    /**
     * Accepts a job: one transaction creates its PENDING row and debits its reserve.
     *
     * @throws InsufficientCreditsException when the user's credits do not cover the reserve (nothing written)
     * @throws SubmitRefusedException       when the job cannot be priced or bounded (nothing written)
     */
    public SubmittedJob submit(JobRequest request) {
        return reservations.submit(request);
    }

    /**
     * Adds {@code amount} credits to a user, exactly (see {@link Money#exactCredits}), as a DEPOSIT row, idempotent on
     * the client-supplied {@code reference} (e.g. a payment id): the same reference again with the same user and
     * amount adds nothing and says so.
     *
     * @throws IllegalArgumentException  when the amount or reference is invalid (nothing written)
     * @throws DepositRefusedException   when the reference is already used by a different deposit, or the balance
     *                                   would overflow (nothing written)
     */
    public Deposit deposit(UUID userId, BigDecimal amount, String reference) {
        BigDecimal exact = Money.exactCredits(amount);
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("a deposit needs a reference (e.g. the payment id)");
        }
        try {
            return dsl.transactionResult(cfg -> {
                DSLContext tx = cfg.dsl();
                int inserted = tx.insertInto(TRANSACTIONS)
                        .set(TRANSACTIONS.USER_ID, userId).set(TRANSACTIONS.TYPE, TransactionType.DEPOSIT)
                        .set(TRANSACTIONS.AMOUNT, exact).set(TRANSACTIONS.REFERENCE, reference)
                        .onConflict(TRANSACTIONS.REFERENCE).doNothing().execute();
                if (inserted == 1) {
                    BigDecimal balance = tx.update(USERS).set(USERS.CREDITS, USERS.CREDITS.plus(exact))
                            .set(USERS.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                            .where(USERS.ID.eq(userId)).returning(USERS.CREDITS).fetchOne(USERS.CREDITS);
                    return new Deposit(true, exact, balance);
                }
                return repeated(tx, userId, exact, reference);
            });
        } catch (DataAccessException e) {
            if (NUMERIC_OVERFLOW.equals(e.sqlState())) {
                throw new DepositRefusedException("the balance would exceed the largest amount, "
                        + Money.MAX.toPlainString());
            }
            throw e;
        }
    }

    private static Deposit repeated(DSLContext tx, UUID userId, BigDecimal amount, String reference) {
        var first = tx.selectFrom(TRANSACTIONS).where(TRANSACTIONS.REFERENCE.eq(reference)).fetchOne();
        if (first.getType() != TransactionType.DEPOSIT || !first.getUserId().equals(userId)
                || first.getAmount().compareTo(amount) != 0) {
            String owner = tx.select(USERS.EMAIL).from(USERS).where(USERS.ID.eq(first.getUserId())).fetchOne(USERS.EMAIL);
            throw new DepositRefusedException("reference " + reference + " is already used by a "
                    + first.getType().getLiteral().toLowerCase(java.util.Locale.ROOT) + " of "
                    + first.getAmount().toPlainString() + " credits to " + owner);
        }
        BigDecimal balance = tx.select(USERS.CREDITS).from(USERS).where(USERS.ID.eq(userId)).fetchOne(USERS.CREDITS);
        return new Deposit(false, first.getAmount(), balance);
    }

    /**
     * What {@link #deposit} did.
     *
     * @param added   false when the reference was already recorded (nothing was added this time)
     * @param amount  the deposit's amount, at the ledger's scale
     * @param balance the user's credits afterwards
     */
    public record Deposit(boolean added, BigDecimal amount, BigDecimal balance) {
    }

    /**
     * Marks the job RUNNING on {@code providerId} at that provider's current price and counts an attempt. A job
     * found RUNNING is taken over (its previous agent died; only the last run is charged). Empty when the job has
     * ended or a cancel was requested: the caller must not run it.
     */
    public Optional<JobsRecord> start(UUID jobId, UUID providerId) {
        Instant now = clock.instant();
        return dsl.update(JOBS)
                .set(JOBS.STATUS, JobStatus.RUNNING)
                .set(JOBS.PROVIDER_ID, providerId)
                .set(JOBS.PRICE_PER_HOUR, DSL.select(PROVIDERS.PRICE_PER_HOUR).from(PROVIDERS).where(PROVIDERS.ID.eq(providerId)))
                .set(JOBS.STARTED_AT, now.atOffset(ZoneOffset.UTC))
                .set(JOBS.ATTEMPTS, JOBS.ATTEMPTS.plus(1))
                .set(JOBS.UPDATED_AT, now.atOffset(ZoneOffset.UTC))
                .where(JOBS.ID.eq(jobId)
                        .and(JOBS.STATUS.in(JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING))
                        .and(JOBS.CANCEL_REQUESTED_AT.isNull()))
                .returning()
                .fetchOptional();
    }

    /** Settles a job that ran (or tried to); see {@link Settlements}. Idempotent. */
    public Settlement finish(UUID jobId, JobEnd end) {
        return settlements.finish(jobId, end);
    }

    /**
     * {@link #finish(UUID, JobEnd)} inside the caller's transaction {@code tx}, so the settlement commits together with
     * whatever else it writes (the agent's exactly-once record of the queue job) or not at all.
     */
    public Settlement finish(DSLContext tx, UUID jobId, JobEnd end) {
        return settlements.finishIn(tx, jobId, end);
    }

    /** Fails a job that never started, refunding its whole reserve. Idempotent. */
    public Settlement failBeforeStart(UUID jobId, String reason) {
        return settlements.finish(jobId, JobEnd.failed(null, clock.instant(), reason));
    }

    /**
     * Records a cancel request. A job that has not started is cancelled and refunded in full at once; a RUNNING job
     * keeps running until its agent sees {@link #cancelRequested} and stops it. Returns the job's status afterwards.
     */
    public JobStatus requestCancel(UUID jobId, String reason) {
        dsl.update(JOBS).set(JOBS.CANCEL_REQUESTED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .where(JOBS.ID.eq(jobId).and(JOBS.CANCEL_REQUESTED_AT.isNull())).execute();
        JobStatus status = dsl.select(JOBS.STATUS).from(JOBS).where(JOBS.ID.eq(jobId)).fetchOne(JOBS.STATUS);
        if (status == JobStatus.PENDING || status == JobStatus.QUEUED) {
            return settlements.finish(jobId, JobEnd.cancelled(null, clock.instant(), reason)).status();
        }
        if (status == null) {
            throw new IllegalArgumentException("no job with id " + jobId);
        }
        return status;
    }

    /** PENDING → QUEUED once the job is in the queue; false when it had moved on already (no harm: add is idempotent). */
    public boolean markQueued(UUID jobId) {
        return dsl.update(JOBS).set(JOBS.STATUS, JobStatus.QUEUED).set(JOBS.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .where(JOBS.ID.eq(jobId).and(JOBS.STATUS.eq(JobStatus.PENDING))).execute() == 1;
    }

    /**
     * The relay's query: jobs still PENDING {@code olderThan} after submit, i.e. accepted but maybe never enqueued
     * because the submitter crashed in between. Re-adding them with their id as queue job id cannot duplicate them.
     */
    public java.util.List<UUID> pendingOlderThan(java.time.Duration olderThan) {
        return dsl.select(JOBS.ID).from(JOBS)
                .where(JOBS.STATUS.eq(JobStatus.PENDING).and(JOBS.CREATED_AT.lt(clock.instant().minus(olderThan).atOffset(ZoneOffset.UTC))))
                .orderBy(JOBS.CREATED_AT).fetch(JOBS.ID);
    }

    /** Whether someone asked to cancel this job; a running agent polls it. */
    public boolean cancelRequested(UUID jobId) {
        return dsl.fetchExists(JOBS, JOBS.ID.eq(jobId).and(JOBS.CANCEL_REQUESTED_AT.isNotNull()));
    }
}
