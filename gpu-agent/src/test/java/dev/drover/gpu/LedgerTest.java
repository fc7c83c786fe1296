package dev.drover.gpu;

import dev.drover.testing.ManualClock;
import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.PROVIDER_METRICS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.gpu.GpuRows.credits;
import static dev.drover.gpu.GpuRows.leg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.JobType;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.db.generated.gpu.tables.records.JobsRecord;
import dev.drover.db.generated.gpu.tables.records.ProviderMetricsRecord;
import dev.drover.gpu.billing.InsufficientCreditsException;
import dev.drover.gpu.billing.JobEnd;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.billing.Ledger;
import dev.drover.gpu.billing.Settlement;
import dev.drover.gpu.billing.SubmitRefusedException;
import dev.drover.gpu.billing.SubmittedJob;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class LedgerTest {

    private static final String H100 = "NVIDIA H100 80GB HBM3";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void submitCreatesThePendingJobWithItsEstimateAndReservesCreditsInOneGo(TestDatabase db) {
        DSLContext dsl = GpuRows.dsl(db);
        UUID user = GpuRows.user(dsl, "100");
        GpuRows.provider(dsl, "p1", H100, "3.0000");
        GpuRows.benchmark(dsl, JobType.training, H100, "600", 10, 1000, 512);
        Ledger ledger = new Ledger(dsl, Ledger.DEFAULT_FEE_RATE, clock);

        SubmittedJob job = ledger.submit(JobRequest.training(user, H100, null, "python", "train.py")
                .withParams(Map.of("epochs", 20, "datasetSize", 1000, "resolution", 1024)));

        // 600s x 20/10 epochs x (1024/512)^2 = 4800s; reserve covers 1.5 x that at the highest price, 3.00/h
        assertThat(job.estimate()).isEqualTo(Duration.ofSeconds(4800));
        assertThat(job.estimatedCost()).isEqualByComparingTo("4.0000");
        assertThat(job.timeLimit()).isEqualTo(Duration.ofSeconds(7200));
        assertThat(job.reserved()).isEqualByComparingTo("6.0000");
        JobsRecord row = dsl.selectFrom(JOBS).where(JOBS.ID.eq(job.id())).fetchOne();
        assertThat(row.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(row.getQueueJobId()).isEqualTo(job.id().toString());
        assertThat(row.getEstimatedSeconds()).isEqualTo(4800);
        assertThat(row.getArgs()).containsExactly("train.py");
        assertThat(credits(dsl, user)).isEqualByComparingTo("94");
        assertThat(leg(dsl, job.id(), TransactionType.DEBIT)).isEqualByComparingTo("6");
        // created_at is the database's now(), so look far enough ahead for the relay to see it
        clock.advance(Duration.ofDays(3650));
        assertThat(ledger.pendingOlderThan(Duration.ofMinutes(1))).containsExactly(job.id());
        assertThat(ledger.markQueued(job.id())).isTrue();
        assertThat(ledger.markQueued(job.id())).isFalse();
        assertThat(ledger.pendingOlderThan(Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void creditsShortIsRefusedClearlyAndWritesNothing(TestDatabase db) {
        DSLContext dsl = GpuRows.dsl(db);
        UUID user = GpuRows.user(dsl, "1.50");
        Ledger ledger = new Ledger(dsl, Ledger.DEFAULT_FEE_RATE, clock);
        JobRequest req = JobRequest.training(user, H100, Duration.ofHours(1), "python", "train.py")
                .withMaxPricePerHour(new BigDecimal("2.00"));

        assertThatThrownBy(() -> ledger.submit(req))
                .isInstanceOf(InsufficientCreditsException.class)
                .hasMessage("insufficient credits: user " + user + " has 1.5000, the job needs a reserve of 2.0000 (3600s at 2.0000/h)");
        assertThat(dsl.fetchCount(JOBS)).isZero();
        assertThat(dsl.fetchCount(TRANSACTIONS, TRANSACTIONS.TYPE.ne(TransactionType.DEPOSIT))).isZero();
        assertThat(credits(dsl, user)).isEqualByComparingTo("1.5");
    }

    @Test
    void aJobThatCannotBePricedOrBoundedIsRefused(TestDatabase db) {
        DSLContext dsl = GpuRows.dsl(db);
        UUID user = GpuRows.user(dsl, "100");
        Ledger ledger = new Ledger(dsl, Ledger.DEFAULT_FEE_RATE, clock);

        assertThatThrownBy(() -> ledger.submit(JobRequest.training(user, "RTX 9090", Duration.ofHours(1), "x")))
                .isInstanceOf(SubmitRefusedException.class).hasMessageContaining("no provider offers GPU model 'RTX 9090'");
        assertThatThrownBy(() -> ledger.submit(JobRequest.training(user, "RTX 9090", null, "x").withMaxPricePerHour(BigDecimal.ONE)))
                .isInstanceOf(SubmitRefusedException.class).hasMessageContaining("give a time limit");
        assertThat(dsl.fetchCount(JOBS)).isZero();
    }

    @Test
    void finishChargesRuntimeTimesPriceAndBalancesToTheCentEvenWhenAppliedTwice(TestDatabase db) {
        DSLContext dsl = GpuRows.dsl(db);
        UUID user = GpuRows.user(dsl, "50");
        UUID provider = GpuRows.provider(dsl, "p1", H100, "2.3333");
        Ledger ledger = new Ledger(dsl, new BigDecimal("0.15"), clock);
        SubmittedJob job = ledger.submit(JobRequest.training(user, H100, Duration.ofHours(2), "python", "train.py"));
        assertThat(ledger.start(job.id(), provider)).isPresent();

        Instant end = clock.advance(Duration.ofSeconds(4321));
        Settlement first = ledger.finish(job.id(), JobEnd.completed(end));
        Settlement second = ledger.finish(job.id(), JobEnd.failed(1, end.plusSeconds(60), "late duplicate"));

        // 4321s x 2.3333/h = 2.80062... -> 2.8006; fee 15% = 0.4201; earning 2.3805; refund 4.6666 - 2.8006
        assertThat(first.cost()).isEqualByComparingTo("2.8006");
        assertThat(first.fee()).isEqualByComparingTo("0.4201");
        assertThat(first.earning()).isEqualByComparingTo("2.3805");
        assertThat(first.refund()).isEqualByComparingTo("1.8660");
        assertThat(second.applied()).isFalse();
        assertThat(second).usingRecursiveComparison().ignoringFields("applied").isEqualTo(first);
        assertBalanced(dsl, job.id(), user);
        assertThat(credits(dsl, user)).isEqualByComparingTo(new BigDecimal("50").subtract(first.cost()));
        JobsRecord row = dsl.selectFrom(JOBS).where(JOBS.ID.eq(job.id())).fetchOne();
        assertThat(row.getStatus()).isEqualTo(JobStatus.COMPLETED);
        ProviderMetricsRecord pm = dsl.selectFrom(PROVIDER_METRICS).fetchOne();
        assertThat(pm.getJobsCompleted()).isEqualTo(1);
        assertThat(pm.getEarnings()).isEqualByComparingTo("2.3805");
        assertThat(pm.getGpuHours()).isEqualByComparingTo("1.2003");
    }

    @Test
    void concurrentFinishesChargeOnceAndTheCostNeverExceedsTheReserve(TestDatabase db) throws Exception {
        DSLContext dsl = GpuRows.dsl(db);
        UUID user = GpuRows.user(dsl, "10");
        UUID provider = GpuRows.provider(dsl, "p1", H100, "4.00");
        Ledger ledger = new Ledger(dsl, Ledger.DEFAULT_FEE_RATE, clock);
        SubmittedJob job = ledger.submit(JobRequest.training(user, H100, Duration.ofMinutes(30), "x"));
        ledger.start(job.id(), provider);
        Instant end = clock.advance(Duration.ofHours(1));

        Callable<Settlement> finish = () -> ledger.finish(job.id(), JobEnd.failed(137, end, "killed past its limit"));
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Settlement> all = pool.invokeAll(List.of(finish, finish, finish, finish)).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(all).filteredOn(Settlement::applied).hasSize(1);
        }
        assertThat(leg(dsl, job.id(), TransactionType.REFUND)).isZero();
        assertThat(leg(dsl, job.id(), TransactionType.EARNING).add(leg(dsl, job.id(), TransactionType.PLATFORM_FEE)))
                .isEqualByComparingTo("2.0000");
        assertBalanced(dsl, job.id(), user);
        assertThat(dsl.selectFrom(PROVIDER_METRICS).fetchOne().getJobsFailed()).isEqualTo(1);
    }

    @Test
    void aJobThatNeverStartedIsRefundedInFull(TestDatabase db) {
        DSLContext dsl = GpuRows.dsl(db);
        UUID user = GpuRows.user(dsl, "20");
        GpuRows.provider(dsl, "p1", H100, "5");
        Ledger ledger = new Ledger(dsl, Ledger.DEFAULT_FEE_RATE, clock);
        SubmittedJob failed = ledger.submit(JobRequest.training(user, H100, Duration.ofHours(1), "x"));
        SubmittedJob cancelled = ledger.submit(JobRequest.training(user, H100, Duration.ofHours(1), "x"));

        Settlement s = ledger.failBeforeStart(failed.id(), "image pull failed");
        JobStatus status = ledger.requestCancel(cancelled.id(), "user cancelled");

        assertThat(s.refund()).isEqualByComparingTo("5");
        assertThat(s.cost()).isZero();
        assertThat(status).isEqualTo(JobStatus.CANCELLED);
        assertThat(ledger.start(cancelled.id(), null)).isEmpty();
        assertBalanced(dsl, failed.id(), user);
        assertBalanced(dsl, cancelled.id(), user);
        assertThat(credits(dsl, user)).isEqualByComparingTo("20");
    }

    private static void assertBalanced(DSLContext dsl, UUID job, UUID user) {
        BigDecimal debit = leg(dsl, job, TransactionType.DEBIT);
        BigDecimal rest = leg(dsl, job, TransactionType.REFUND).add(leg(dsl, job, TransactionType.EARNING))
                .add(leg(dsl, job, TransactionType.PLATFORM_FEE));
        assertThat(rest).as("DEBIT = REFUND + EARNING + PLATFORM_FEE").isEqualByComparingTo(debit);
        assertThat(GpuRows.ledgerBalance(dsl, user)).as("users.credits = DEPOSIT - DEBIT + REFUND")
                .isEqualByComparingTo(credits(dsl, user));
        for (TransactionType t : TransactionType.values()) {
            assertThat(dsl.fetchCount(TRANSACTIONS, TRANSACTIONS.JOB_ID.eq(job).and(TRANSACTIONS.TYPE.eq(t)))).isLessThanOrEqualTo(1);
        }
    }
}
