package dev.drover.queue.postgres;

import static dev.drover.db.generated.drover.Tables.OUTBOX;
import static dev.drover.db.generated.drover.Tables.PROCESSED_JOBS;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Prunes old rows of the exactly-once tables, in batches so no statement holds many locks: {@code processed_jobs}
 * rows whose last change (completion, else the attempt's start) is older than {@code age}, and outbox rows relayed
 * longer ago than {@code age}. Pending outbox rows are never pruned.
 *
 * <p>{@code age} must exceed the longest time a job can be delivered again after its work committed (normally the
 * lock duration plus the stalled-check interval; longer only while Redis or every worker is down): a job redelivered
 * after its row was pruned runs its work again. The default, 7 days, leaves room for long outages. Every
 * {@link OutboxRelay} runs it periodically; running it from several processes at once is harmless.
 */
public final class EffectsRetention {

    /** The default age. */
    public static final Duration DEFAULT_AGE = Duration.ofDays(7);
    private static final int BATCH = 1_000;

    private final DSLContext dsl;
    private final Duration age;

    public EffectsRetention(DSLContext dsl, Duration age) {
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("retention age must be > 0, got " + age);
        }
        this.dsl = dsl;
        this.age = age;
    }

    /** What one {@link #prune()} deleted. */
    public record Pruned(long processedJobs, long outboxRows) {
    }

    /** Deletes every row older than the age; returns how many of each. */
    public Pruned prune() {
        Field<OffsetDateTime> cutoff = DSL.field("now() - {0} * interval '1 second'", SQLDataType.TIMESTAMPWITHTIMEZONE,
                DSL.val(age.toSeconds()));
        var p = PROCESSED_JOBS;
        long processed = deleteAll(p, DSL.coalesce(p.COMPLETED_AT, p.STARTED_AT).lt(cutoff));
        long outbox = deleteAll(OUTBOX, OUTBOX.RELAYED_AT.lt(cutoff));
        return new Pruned(processed, outbox);
    }

    private long deleteAll(Table<?> table, Condition old) {
        long total = 0;
        while (true) {
            // by ctid (a TID scan), so each batch deletes the rows its subquery found without a second search
            int n = dsl.execute("delete from {0} where ctid = any(array(select ctid from {0} where {1} limit {2}))",
                    table, old, DSL.inline(BATCH));
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }
}
