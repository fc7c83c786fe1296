package dev.drover.queue.postgres;

import static dev.drover.db.generated.drover.Tables.OUTBOX;

import dev.drover.queue.QueueException;
import dev.drover.queue.QueueOptions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.JSON;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed {@link Outbox} rows into Redis. Run one in every worker process: relays need no leader, because
 * each pass claims due rows with {@code FOR UPDATE SKIP LOCKED} (two relays never take the same row), adds each
 * row's job under an add-once marker named after the row (see {@link dev.drover.queue.AddOnce}), and marks the rows
 * relayed in the same transaction. A relay that dies after an add and before its commit leaves the row due; the
 * next relay finds the marker and adds nothing, so every row is added exactly once, even if its job ran and was
 * removed in between. docs/exactly-once.md states the guarantee and its limit: a relay must not stall, between
 * claiming a row and adding it, for longer than the marker lives ({@link Builder#markerTtl}); a relay checks that
 * before each add.
 *
 * <p>A row Redis refuses (a flow it cannot write) is tried again later, with a growing delay, its error kept in
 * {@code last_error}. The relay polls every {@link Builder#pollInterval} and at once when {@link #wake()}d; it also
 * runs {@link EffectsRetention} every {@link Builder#retentionInterval}.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);

    private final DSLContext dsl;
    private final OutboxPublisher publisher;
    private final Duration pollInterval;
    private final int batchSize;
    private final long maxClaimNanos;
    private final RelayObserver observer;
    private final EffectsRetention retention;
    private final Duration retentionInterval;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    private OutboxRelay(Builder b) {
        this.dsl = b.dsl;
        this.publisher = new OutboxPublisher(b.queueOptions, b.markerTtl);
        this.pollInterval = b.pollInterval;
        this.batchSize = b.batchSize;
        this.maxClaimNanos = b.markerTtl.toNanos() / 2;
        this.observer = b.observer;
        this.retention = b.retentionAge == null ? null : new EffectsRetention(b.dsl, b.retentionAge);
        this.retentionInterval = b.retentionInterval;
    }

    public static Builder builder(DataSource dataSource, QueueOptions queueOptions) {
        return builder(DSL.using(dataSource, SQLDialect.POSTGRES), queueOptions);
    }

    public static Builder builder(DSLContext dsl, QueueOptions queueOptions) {
        return new Builder(dsl, queueOptions);
    }

    /** Starts relaying on a thread of its own; returns this. */
    public synchronized OutboxRelay start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().daemon().name("drover-outbox-relay").start(this::loop);
        }
        return this;
    }

    /** Makes the relay look for due rows now instead of at its next poll. */
    public void wake() {
        wakeUps.release();
    }

    /**
     * One pass: claims up to the batch size of due rows, adds them to Redis and marks them relayed, in one
     * transaction. Returns how many rows it relayed. Safe to call from any number of processes at once.
     */
    public int relayOnce() {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            long claimed = System.nanoTime();
            List<UUID> relayed = new ArrayList<>();
            for (Record4<UUID, String, String, JSON> row : claim(tx)) {
                OutboxEntry entry = new OutboxEntry(row.value1(), row.value2(), row.value3());
                if (System.nanoTime() - claimed > maxClaimNanos) {
                    log.warn("outbox relay: rows claimed too long ago to add safely; the rest wait for the next pass");
                    break;
                }
                try {
                    boolean added = publisher.add(entry, row.value4().data());
                    observer.added(entry, added);
                    relayed.add(entry.id());
                } catch (QueueException e) {
                    if (e.kind() == QueueException.Kind.REDIS) {
                        log.warn("outbox relay: Redis unavailable, rows stay due: {}", e.getMessage());
                        break;
                    }
                    failed(tx, entry, e);
                } catch (RuntimeException e) {
                    failed(tx, entry, e);
                }
            }
            if (!relayed.isEmpty()) {
                tx.update(OUTBOX).set(OUTBOX.RELAYED_AT, DSL.currentOffsetDateTime())
                        .where(OUTBOX.ID.in(relayed)).execute();
            }
            return relayed.size();
        });
    }

    private List<Record4<UUID, String, String, JSON>> claim(DSLContext tx) {
        return tx.select(OUTBOX.ID, OUTBOX.QUEUE, OUTBOX.JOB_ID, OUTBOX.JOB).from(OUTBOX)
                .where(OUTBOX.RELAYED_AT.isNull())
                .and(OUTBOX.NEXT_ATTEMPT_AT.isNull().or(OUTBOX.NEXT_ATTEMPT_AT.le(DSL.currentOffsetDateTime())))
                .orderBy(OUTBOX.CREATED_AT)
                .limit(batchSize)
                .forUpdate().skipLocked()
                .fetch();
    }

    /** Records a refused row, to be tried again after a delay that doubles per failure (at most five minutes). */
    private void failed(DSLContext tx, OutboxEntry entry, RuntimeException e) {
        log.warn("outbox relay: cannot add job {} to queue {}; will try again: {}", entry.jobId(), entry.queue(),
                e.getMessage());
        observer.failed(entry, e);
        int attempts = tx.select(OUTBOX.RELAY_ATTEMPTS).from(OUTBOX).where(OUTBOX.ID.eq(entry.id()))
                .fetchOne(OUTBOX.RELAY_ATTEMPTS) + 1;
        long delaySeconds = Math.min(MAX_RETRY_DELAY.toSeconds(), 1L << Math.min(attempts, 20));
        tx.update(OUTBOX).set(OUTBOX.RELAY_ATTEMPTS, attempts)
                .set(OUTBOX.LAST_ERROR, String.valueOf(e.getMessage()))
                .set(OUTBOX.NEXT_ATTEMPT_AT, DSL.field("now() + {0} * interval '1 second'", OffsetDateTime.class,
                        DSL.val(delaySeconds)))
                .where(OUTBOX.ID.eq(entry.id())).execute();
    }

    private void loop() {
        long nextRetention = System.nanoTime();
        while (running) {
            int relayed = 0;
            try {
                relayed = relayOnce();
            } catch (RuntimeException e) {
                log.warn("outbox relay failed; trying again in {}: {}", pollInterval, e.getMessage());
            }
            if (retention != null && System.nanoTime() - nextRetention >= 0) {
                nextRetention = System.nanoTime() + retentionInterval.toNanos();
                prune();
            }
            if (relayed < batchSize && !awaitWakeUp()) {
                return;
            }
        }
    }

    private void prune() {
        try {
            EffectsRetention.Pruned p = retention.prune();
            if (p.processedJobs() + p.outboxRows() > 0) {
                log.info("retention: pruned {} processed_jobs and {} outbox rows", p.processedJobs(), p.outboxRows());
            }
        } catch (RuntimeException e) {
            log.warn("retention failed; trying again later: {}", e.getMessage());
        }
    }

    /** Waits for a wake-up or the poll interval; false when interrupted. */
    private boolean awaitWakeUp() {
        try {
            wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            wakeUps.drainPermits();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops relaying (a pass in progress finishes) and closes the Redis connections. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            wake();
            try {
                t.join(Duration.ofSeconds(10));
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        publisher.close();
    }

    /** Options of {@link OutboxRelay}. */
    public static final class Builder {
        private final DSLContext dsl;
        private final QueueOptions queueOptions;
        private Duration pollInterval = Duration.ofMillis(500);
        private int batchSize = 100;
        private Duration markerTtl = Duration.ofHours(24);
        private RelayObserver observer = RelayObserver.NONE;
        private Duration retentionAge = EffectsRetention.DEFAULT_AGE;
        private Duration retentionInterval = Duration.ofHours(1);

        private Builder(DSLContext dsl, QueueOptions queueOptions) {
            this.dsl = Objects.requireNonNull(dsl, "dsl");
            this.queueOptions = Objects.requireNonNull(queueOptions, "queueOptions");
        }

        /** How often to look for due rows without a wake-up (default 500 ms). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive(interval, "pollInterval");
            return this;
        }

        /** Rows per pass (default 100). */
        public Builder batchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + rows);
            }
            this.batchSize = rows;
            return this;
        }

        /**
         * How long the add-once marker of a relayed row lives in Redis (default 24 h): the longest a relay may stall
         * between claiming a row and adding it without risking a second add. Each marker is a small key.
         */
        public Builder markerTtl(Duration ttl) {
            this.markerTtl = positive(ttl, "markerTtl");
            return this;
        }

        public Builder observer(RelayObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Prune rows older than {@code age} (see {@link EffectsRetention}); null: no pruning by this relay. */
        public Builder retention(Duration age) {
            this.retentionAge = age == null ? null : positive(age, "retention");
            return this;
        }

        /** How often to prune (default hourly). */
        public Builder retentionInterval(Duration interval) {
            this.retentionInterval = positive(interval, "retentionInterval");
            return this;
        }

        /** Builds the relay without starting it ({@link #relayOnce()} by hand, or {@link OutboxRelay#start()}). */
        public OutboxRelay build() {
            return new OutboxRelay(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, got " + d);
            }
            return d;
        }
    }
}
