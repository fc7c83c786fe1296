package dev.drover.gpu.billing;

import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static dev.drover.db.generated.gpu.Tables.USERS;

import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.db.generated.gpu.tables.records.TransactionsRecord;
import dev.drover.db.generated.gpu.tables.records.UsersRecord;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * Users and the ledger rows that move their credits, for operators: {@link #add} creates a user with no credits
 * (credits come only through {@link Ledger#deposit}), {@link #find} looks one up by e-mail, {@link #statement} lists
 * the rows behind a balance.
 */
public final class Accounts {

    /** The row types that move a user's credits (EARNING and PLATFORM_FEE rows name the user but move the provider's). */
    public static final Set<TransactionType> USER_TYPES = Set.of(TransactionType.DEPOSIT, TransactionType.DEBIT,
            TransactionType.REFUND);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final int MAX_EMAIL = 254;

    private final DSLContext dsl;

    public Accounts(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Creates a user with this e-mail and no credits.
     *
     * @throws IllegalArgumentException when the e-mail is not one, or a user already has it (nothing written)
     */
    public UsersRecord add(String email) {
        if (email == null || email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("'" + email + "' is not an e-mail address (name@domain, no spaces)");
        }
        return dsl.insertInto(USERS).set(USERS.EMAIL, email).onConflict(USERS.EMAIL).doNothing().returning()
                .fetchOptional()
                .orElseThrow(() -> new IllegalArgumentException("a user with e-mail " + email + " already exists ("
                        + find(email).map(UsersRecord::getId).map(UUID::toString).orElse("?") + ")"));
    }

    public Optional<UsersRecord> find(String email) {
        return dsl.selectFrom(USERS).where(USERS.EMAIL.eq(email)).fetchOptional();
    }

    /** The newest {@code limit} rows that moved the user's credits, newest first, and how many there are in all. */
    public Statement statement(UUID userId, int limit) {
        var own = TRANSACTIONS.USER_ID.eq(userId).and(TRANSACTIONS.TYPE.in(USER_TYPES));
        List<TransactionsRecord> rows = dsl.selectFrom(TRANSACTIONS).where(own)
                .orderBy(TRANSACTIONS.CREATED_AT.desc(), TRANSACTIONS.ID.desc()).limit(limit).fetch();
        return new Statement(rows, dsl.fetchCount(TRANSACTIONS, own));
    }

    /** Ledger rows of one user, newest first, and the count of all of them. */
    public record Statement(List<TransactionsRecord> rows, int total) {
    }
}
