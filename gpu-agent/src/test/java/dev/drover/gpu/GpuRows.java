package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.BENCHMARKS;
import static dev.drover.db.generated.gpu.Tables.PROVIDERS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;

import dev.drover.db.generated.gpu.enums.JobType;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.gpu.billing.Ledger;
import dev.drover.testing.TestDatabase;
import java.math.BigDecimal;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Test rows for the gpu schema, written through jOOQ like the code under test. */
final class GpuRows {

    private GpuRows() {
    }

    static DSLContext dsl(TestDatabase db) {
        return DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    }

    /** A user holding {@code credits}, deposited through the ledger so the per-user sums start balanced. */
    static UUID user(DSLContext dsl, String credits) {
        UUID id = dsl.insertInto(USERS).set(USERS.EMAIL, UUID.randomUUID() + "@example.test")
                .returning(USERS.ID).fetchOne(USERS.ID);
        if (new BigDecimal(credits).signum() > 0) { // a deposit must be positive
            new Ledger(dsl).deposit(id, new BigDecimal(credits), "seed-" + id);
        }
        return id;
    }

    static UUID provider(DSLContext dsl, String name, String gpuModel, String pricePerHour) {
        return dsl.insertInto(PROVIDERS).set(PROVIDERS.NAME, name).set(PROVIDERS.HOST, name + ".local")
                .set(PROVIDERS.GPU_MODEL, gpuModel).set(PROVIDERS.GPU_COUNT, 1)
                .set(PROVIDERS.PRICE_PER_HOUR, new BigDecimal(pricePerHour))
                .returning(PROVIDERS.ID).fetchOne(PROVIDERS.ID);
    }

    static void benchmark(DSLContext dsl, JobType type, String gpuModel, String baseSeconds, Integer epochs,
                          Integer datasetSize, Integer resolution) {
        dsl.insertInto(BENCHMARKS).set(BENCHMARKS.JOB_TYPE, type).set(BENCHMARKS.GPU_MODEL, gpuModel)
                .set(BENCHMARKS.BASE_SECONDS, new BigDecimal(baseSeconds)).set(BENCHMARKS.EPOCHS, epochs)
                .set(BENCHMARKS.DATASET_SIZE, datasetSize).set(BENCHMARKS.RESOLUTION, resolution).execute();
    }

    static BigDecimal credits(DSLContext dsl, UUID userId) {
        return dsl.select(USERS.CREDITS).from(USERS).where(USERS.ID.eq(userId)).fetchOne(USERS.CREDITS);
    }

    /** The sum of one leg type for a job (zero when absent). */
    static BigDecimal leg(DSLContext dsl, UUID jobId, TransactionType type) {
        BigDecimal v = dsl.select(DSL.sum(TRANSACTIONS.AMOUNT)).from(TRANSACTIONS)
                .where(TRANSACTIONS.JOB_ID.eq(jobId).and(TRANSACTIONS.TYPE.eq(type))).fetchOne(0, BigDecimal.class);
        return v == null ? BigDecimal.ZERO : v;
    }

    /** DEPOSIT − DEBIT + REFUND over the user's rows: must equal users.credits. */
    static BigDecimal ledgerBalance(DSLContext dsl, UUID userId) {
        return dsl.select(DSL.sum(DSL.when(TRANSACTIONS.TYPE.eq(TransactionType.DEBIT), TRANSACTIONS.AMOUNT.neg())
                        .when(TRANSACTIONS.TYPE.in(TransactionType.DEPOSIT, TransactionType.REFUND), TRANSACTIONS.AMOUNT)
                        .otherwise(BigDecimal.ZERO)))
                .from(TRANSACTIONS).where(TRANSACTIONS.USER_ID.eq(userId)).fetchOne(0, BigDecimal.class);
    }
}
