package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.daemon.DaemonCli;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.gpu.billing.Ledger;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code gpu-agent users add|deposit|show} against a real Postgres: exact decimals through the ledger, idempotent on
 * the caller's reference, bad input refused in one line with nothing written.
 */
@ExtendWith(PostgresExtension.class)
class UsersCliTest {

    private DSLContext dsl;
    private Map<String, String> env;

    @BeforeEach
    void open(TestDatabase db) {
        this.dsl = GpuRows.dsl(db);
        this.env = Map.of("DATABASE_URL", db.url());
    }

    @Test
    void addsAUserDepositsExactlyOncePerReferenceAndShowsTheBalanceAndLedger() {
        Run added = run("users", "add", "ana@example.com");
        assertThat(added.code).as(added.err).isZero();
        UUID id = UUID.fromString(added.out.strip());

        Run first = run("users", "deposit", "ana@example.com", "25.1234", "--reference", "pay-1");
        Run again = run("users", "deposit", "ana@example.com", "25.1234", "--reference", "pay-1");
        Run second = run("users", "deposit", "ana@example.com", "0.5", "--reference", "pay-2");

        assertThat(first.out).isEqualTo("deposited 25.1234 credits to ana@example.com (reference pay-1); balance 25.1234\n");
        assertThat(again.code).isZero();
        assertThat(again.out).isEqualTo("reference pay-1 already recorded (25.1234 credits to ana@example.com); "
                + "nothing added; balance 25.1234\n");
        assertThat(second.out).endsWith("balance 25.6234\n");
        assertThat(GpuRows.credits(dsl, id)).isEqualByComparingTo("25.6234");
        assertThat(GpuRows.ledgerBalance(dsl, id)).isEqualByComparingTo("25.6234");
        assertThat(dsl.fetchCount(TRANSACTIONS, TRANSACTIONS.USER_ID.eq(id))).isEqualTo(2);

        Run show = run("users", "show", "ana@example.com");
        assertThat(show.code).isZero();
        List<String> lines = show.out.lines().toList();
        assertThat(lines.subList(0, 4)).containsExactly("id: " + id, "email: ana@example.com", "credits: 25.6234",
                "ledger (2 of 2, newest first):");
        assertThat(lines.get(4)).matches("  \\S+  DEPOSIT  \\+0\\.5000  reference pay-2");
        assertThat(lines.get(5)).matches("  \\S+  DEPOSIT  \\+25\\.1234  reference pay-1");
        assertThat(run("users", "show", "ana@example.com", "--limit", "1").out)
                .contains("ledger (1 of 2, newest first):").doesNotContain("pay-1");
    }

    @Test
    void aReferenceUsedForAnotherAmountOrUserIsRefusedAndChangesNothing() {
        run("users", "add", "ana@example.com");
        run("users", "add", "bo@example.com");
        run("users", "deposit", "ana@example.com", "10", "--reference", "pay-1");

        Run otherAmount = run("users", "deposit", "ana@example.com", "11", "--reference", "pay-1");
        Run otherUser = run("users", "deposit", "bo@example.com", "10", "--reference", "pay-1");

        for (Run r : List.of(otherAmount, otherUser)) {
            assertThat(r.code).isEqualTo(1);
            assertThat(r.err).isEqualTo("gpu-agent users deposit: refused: reference pay-1 is already used by a "
                    + "deposit of 10.0000 credits to ana@example.com\n");
        }
        assertThat(credits("ana@example.com")).isEqualByComparingTo("10");
        assertThat(credits("bo@example.com")).isZero();
        assertThat(dsl.fetchCount(TRANSACTIONS)).isEqualTo(1);
    }

    @Test
    void badAmountsAreUsageErrorsInOneLineAndWriteNothing() {
        run("users", "add", "ana@example.com");
        Map<String, String> reasons = Map.of(
                "-5", "the amount must be positive, got -5",
                "0", "the amount must be positive, got 0",
                "0.00", "the amount must be positive, got 0.00",
                "1.23456", "the amount 1.23456 has more than 4 decimal places",
                "10000000000", "the amount 10000000000 is above the largest 9999999999.9999",
                "abc", "'abc' is not an amount of credits (e.g. 25 or 12.5)",
                "1e3", "'1e3' is not an amount of credits (e.g. 25 or 12.5)",
                "12,50", "'12,50' is not an amount of credits (e.g. 25 or 12.5)");

        reasons.forEach((amount, reason) -> {
            Run r = run("users", "deposit", "ana@example.com", amount, "--reference", "pay-" + amount);
            assertThat(r.code).as(amount).isEqualTo(2);
            assertThat(r.err.lines().findFirst().orElseThrow()).as(amount)
                    .startsWith("gpu-agent users deposit: ").endsWith(reason);
        });
        assertThat(dsl.fetchCount(TRANSACTIONS)).isZero();
        assertThat(credits("ana@example.com")).isZero();
        assertThat(run("users", "deposit", "ana@example.com", "1.50000", "--reference", "p").out)
                .as("trailing zeros are still exact").contains("deposited 1.5000 credits");
    }

    @Test
    void unknownUsersTakenAndMalformedEmailsAndAMissingReferenceAreRefusedClearly() {
        run("users", "add", "ana@example.com");

        Run taken = run("users", "add", "ana@example.com");
        Run malformed = run("users", "add", "not an email");
        Run unknownDeposit = run("users", "deposit", "nobody@example.com", "5", "--reference", "p");
        Run unknownShow = run("users", "show", "nobody@example.com");
        Run noReference = run("users", "deposit", "ana@example.com", "5");

        assertThat(taken.code).isEqualTo(1);
        assertThat(taken.err).startsWith("gpu-agent users add: refused: a user with e-mail ana@example.com already exists (");
        assertThat(malformed.code).isEqualTo(1);
        assertThat(malformed.err).isEqualTo("gpu-agent users add: refused: 'not an email' is not an e-mail address "
                + "(name@domain, no spaces)\n");
        assertThat(unknownDeposit.code).isEqualTo(1);
        assertThat(unknownDeposit.err).isEqualTo("gpu-agent users deposit: refused: no user with e-mail nobody@example.com\n");
        assertThat(unknownShow.code).isEqualTo(1);
        assertThat(noReference.code).isEqualTo(2);
        assertThat(noReference.err).startsWith("gpu-agent users deposit: missing required").contains("ref");
        assertThat(dsl.fetchCount(USERS)).isEqualTo(1);
        assertThat(dsl.fetchCount(TRANSACTIONS)).isZero();
    }

    @Test
    void concurrentDepositsWithOneReferenceAddItOnce() throws Exception {
        UUID id = GpuRows.user(dsl, "0");
        Ledger ledger = new Ledger(dsl);
        List<Callable<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tries.add(() -> ledger.deposit(id, new BigDecimal("3.3333"), "pay-once").added());
        }
        List<Boolean> added = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> f : pool.invokeAll(tries)) {
                added.add(f.get());
            }
        }

        assertThat(added).containsOnlyOnce(true);
        assertThat(GpuRows.credits(dsl, id)).isEqualByComparingTo("3.3333");
        assertThat(dsl.fetchCount(TRANSACTIONS, TRANSACTIONS.TYPE.eq(TransactionType.DEPOSIT))).isEqualTo(1);
    }

    private BigDecimal credits(String email) {
        return dsl.select(USERS.CREDITS).from(USERS).where(USERS.EMAIL.eq(email)).fetchOne(USERS.CREDITS);
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DaemonCli.execute(new GpuAgentMain(), env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }
}
