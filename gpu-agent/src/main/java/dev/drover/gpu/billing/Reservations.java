package dev.drover.gpu.billing;

import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.PROVIDERS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.gpu.provider.ProviderRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * Accepts a job: prices it, then in one transaction debits the reserve from the user (guarded by
 * {@code credits >= reserve}), inserts the PENDING {@code jobs} row and the DEBIT leg. A refusal throws before or
 * inside that transaction, so a refused job leaves no trace.
 */
final class Reservations {

    /** Without a time limit the agent stops a job at this multiple of its estimate, which the reserve covers. */
    static final double ESTIMATE_HEADROOM = 1.5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;
    private final Estimator estimator;
    private final InstantSource clock;

    Reservations(DSLContext dsl, Estimator estimator, InstantSource clock) {
        this.dsl = dsl;
        this.estimator = estimator;
        this.clock = clock;
    }

    SubmittedJob submit(JobRequest req) {
        requireAHostBigEnough(req);
        BigDecimal price = price(req);
        Duration estimate = estimator.estimate(req.type(), req.gpuModel(), req.params()).map(Estimate::duration).orElse(null);
        Duration limit = timeLimit(req, estimate);
        BigDecimal reserve = Money.charge(limit, price);
        BigDecimal estimatedCost = estimate == null ? null : Money.charge(estimate, price);
        UUID id = UUID.randomUUID();
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            debit(tx, req.userId(), reserve, limit, price);
            insertJob(tx, id, req, estimate, estimatedCost, reserve, limit);
            tx.insertInto(TRANSACTIONS)
                    .set(TRANSACTIONS.USER_ID, req.userId())
                    .set(TRANSACTIONS.JOB_ID, id)
                    .set(TRANSACTIONS.TYPE, TransactionType.DEBIT)
                    .set(TRANSACTIONS.AMOUNT, reserve)
                    .set(TRANSACTIONS.DESCRIPTION, "reserve for " + req.type().getLiteral() + " job on " + req.gpuModel())
                    .execute();
        });
        return new SubmittedJob(id, estimate, estimatedCost, reserve, limit);
    }

    /** A job no known provider could ever run is refused; with no provider of the model yet it may wait for one. */
    private void requireAHostBigEnough(JobRequest req) {
        int most = new ProviderRegistry(dsl, clock).mostGpus(req.gpuModel());
        if (most > 0 && req.gpuCount() > most) {
            throw new SubmitRefusedException("the job asks for " + req.gpuCount() + " GPUs of '" + req.gpuModel()
                    + "' but no provider has more than " + most);
        }
    }

    private BigDecimal price(JobRequest req) {
        if (req.maxPricePerHour() != null) {
            return Money.round(req.maxPricePerHour());
        }
        BigDecimal highest = dsl.select(DSL.max(PROVIDERS.PRICE_PER_HOUR)).from(PROVIDERS)
                .where(PROVIDERS.GPU_MODEL.eq(req.gpuModel())).fetchOne(0, BigDecimal.class);
        if (highest == null) {
            throw new SubmitRefusedException("no provider offers GPU model '" + req.gpuModel()
                    + "' yet, so the job cannot be priced; give a maximum price per hour");
        }
        return highest;
    }

    private static Duration timeLimit(JobRequest req, Duration estimate) {
        if (req.timeLimit() != null) {
            return Duration.ofSeconds(Math.max(1, (long) Math.ceil(req.timeLimit().toMillis() / 1000.0)));
        }
        if (estimate == null) {
            throw new SubmitRefusedException("no benchmark for " + req.type().getLiteral() + " on '" + req.gpuModel()
                    + "' and no time limit given, so the job's cost cannot be bounded; give a time limit");
        }
        return Duration.ofSeconds((long) Math.ceil(estimate.toMillis() * ESTIMATE_HEADROOM / 1000.0));
    }

    private void debit(DSLContext tx, UUID userId, BigDecimal reserve, Duration limit, BigDecimal price) {
        int updated = tx.update(USERS)
                .set(USERS.CREDITS, USERS.CREDITS.minus(reserve))
                .set(USERS.UPDATED_AT, now())
                .where(USERS.ID.eq(userId).and(USERS.CREDITS.ge(reserve)))
                .execute();
        if (updated == 1) {
            return;
        }
        BigDecimal available = tx.select(USERS.CREDITS).from(USERS).where(USERS.ID.eq(userId)).fetchOne(USERS.CREDITS);
        if (available == null) {
            throw new SubmitRefusedException("no user with id " + userId);
        }
        throw new InsufficientCreditsException("insufficient credits: user " + userId + " has "
                + available.toPlainString() + ", the job needs a reserve of " + reserve.toPlainString() + " ("
                + limit.toSeconds() + "s at " + price.toPlainString() + "/h)", available, reserve);
    }

    private void insertJob(DSLContext tx, UUID id, JobRequest req, Duration estimate, BigDecimal estimatedCost,
                           BigDecimal reserve, Duration limit) {
        tx.insertInto(JOBS)
                .set(JOBS.ID, id)
                .set(JOBS.USER_ID, req.userId())
                .set(JOBS.TYPE, req.type())
                .set(JOBS.STATUS, JobStatus.PENDING)
                .set(JOBS.GPU_MODEL, req.gpuModel())
                .set(JOBS.GPU_COUNT, req.gpuCount())
                .set(JOBS.PARAMS, json(req.params()))
                .set(JOBS.COMMAND, req.command())
                .set(JOBS.ARGS, req.args().toArray(String[]::new))
                .set(JOBS.ENV, json(req.env()))
                .set(JOBS.WORKING_DIR, req.workingDir())
                .set(JOBS.TIME_LIMIT_SECONDS, (int) limit.toSeconds())
                .set(JOBS.QUEUE_JOB_ID, id.toString())
                .set(JOBS.ESTIMATED_SECONDS, estimate == null ? null : (int) Math.ceil(estimate.toMillis() / 1000.0))
                .set(JOBS.ESTIMATED_COST, estimatedCost)
                .set(JOBS.RESERVED_AMOUNT, reserve)
                .execute();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static JSONB json(Object value) {
        try {
            return JSONB.valueOf(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new SubmitRefusedException("job parameters are not JSON: " + e.getOriginalMessage());
        }
    }
}
