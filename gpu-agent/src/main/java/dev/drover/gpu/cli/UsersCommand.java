package dev.drover.gpu.cli;

import dev.drover.db.Database;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.db.generated.gpu.tables.records.TransactionsRecord;
import dev.drover.db.generated.gpu.tables.records.UsersRecord;
import dev.drover.gpu.billing.Accounts;
import dev.drover.gpu.billing.DepositRefusedException;
import dev.drover.gpu.billing.Ledger;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-agent users add|deposit|show}: the operator's commands for users and credits, on Postgres only. Refusals
 * (unknown user, e-mail taken, reference used by another deposit) are one line on stderr and exit 1; a malformed
 * amount is a usage error, exit 2, and writes nothing.
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Create users and add credits.")
public final class UsersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: add, deposit or show");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create a user with no credits; prints its id.")
    int add(@Mixin DatabaseOption database, @Parameters(paramLabel = "EMAIL", description = "The user's e-mail.") String email) {
        try (Database db = database.open()) {
            UsersRecord user = new Accounts(db.dsl()).add(email);
            out().println(user.getId());
            return 0;
        } catch (IllegalArgumentException e) {
            return refused("add", e.getMessage());
        }
    }

    @Command(name = "deposit", mixinStandardHelpOptions = true,
            description = "Add credits to a user, once per reference (a repeat with the same reference adds nothing).")
    int deposit(@Mixin DatabaseOption database,
                @Parameters(index = "0", paramLabel = "EMAIL", description = "The user's e-mail.") String email,
                @Parameters(index = "1", paramLabel = "AMOUNT", converter = CreditsConverter.class,
                        description = "Credits to add: positive, at most 4 decimal places, e.g. 25 or 12.5.") BigDecimal amount,
                @Option(names = "--reference", required = true, paramLabel = "<ref>", description = "Your unique reference for this deposit, e.g. the payment id.") String reference) {
        try (Database db = database.open()) {
            Optional<UsersRecord> user = new Accounts(db.dsl()).find(email);
            if (user.isEmpty()) {
                return refused("deposit", "no user with e-mail " + email);
            }
            Ledger.Deposit d = new Ledger(db.dsl()).deposit(user.get().getId(), amount, reference);
            out().println(d.added()
                    ? "deposited " + d.amount().toPlainString() + " credits to " + email + " (reference " + reference
                            + "); balance " + d.balance().toPlainString()
                    : "reference " + reference + " already recorded (" + d.amount().toPlainString() + " credits to "
                            + email + "); nothing added; balance " + d.balance().toPlainString());
            return 0;
        } catch (DepositRefusedException | IllegalArgumentException e) {
            return refused("deposit", e.getMessage());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a user's balance and the ledger rows that moved it, newest first.")
    int show(@Mixin DatabaseOption database, @Parameters(paramLabel = "EMAIL", description = "The user's e-mail.") String email,
             @Option(names = "--limit", paramLabel = "<n>", defaultValue = "20", description = "How many ledger rows to show.") int limit) {
        try (Database db = database.open()) {
            Accounts accounts = new Accounts(db.dsl());
            Optional<UsersRecord> found = accounts.find(email);
            if (found.isEmpty()) {
                return refused("show", "no user with e-mail " + email);
            }
            UsersRecord u = found.get();
            Accounts.Statement s = accounts.statement(u.getId(), Math.max(limit, 0));
            PrintWriter out = out();
            out.printf("id: %s%nemail: %s%ncredits: %s%nledger (%d of %d, newest first):%n", u.getId(), u.getEmail(),
                    u.getCredits().toPlainString(), s.rows().size(), s.total());
            s.rows().forEach(r -> out.println(line(r)));
            return 0;
        }
    }

    private static String line(TransactionsRecord r) {
        String sign = r.getType() == TransactionType.DEBIT ? "-" : "+";
        String what = r.getJobId() != null ? "job " + r.getJobId() : "reference " + r.getReference();
        return String.format("  %s  %-7s  %s%s  %s", r.getCreatedAt().toInstant(), r.getType().getLiteral(), sign,
                r.getAmount().toPlainString(), what);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private int refused(String command, String why) {
        spec.commandLine().getErr().println("gpu-agent users " + command + ": refused: " + why);
        return 1;
    }
}
