package dev.drover.gpu.store;

import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;

import dev.drover.gpu.process.LogLine;
import dev.drover.gpu.process.LogSink;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep4;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LogSink} that writes one job's log lines to {@code gpu.job_logs} in batches: lines are buffered and
 * flushed as one multi-row INSERT every {@link #FLUSH_EVERY} (or when {@link #MAX_BATCH} lines wait), so a chatty
 * trainer costs a few statements a second, not one per line. {@link #close()} flushes what is left; lines accepted
 * before close are in the table when it returns, unless the database was unreachable (then they are logged and lost,
 * and the job itself is unaffected).
 */
public final class JobLogWriter implements LogSink, AutoCloseable {

    static final Duration FLUSH_EVERY = Duration.ofMillis(250);
    static final int MAX_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(JobLogWriter.class);

    private final DSLContext dsl;
    private final UUID jobId;
    private final ConcurrentLinkedQueue<LogLine> pending = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService flusher;

    public JobLogWriter(DSLContext dsl, UUID jobId) {
        this.dsl = dsl;
        this.jobId = jobId;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("job-log-" + jobId.toString().substring(0, 8)).unstarted(r));
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void accept(LogLine line) {
        pending.add(line);
    }

    /** Writes everything buffered so far; safe to call from any thread. */
    public synchronized void flush() {
        List<LogLine> batch = new ArrayList<>();
        for (LogLine l = pending.poll(); l != null; l = pending.poll()) {
            batch.add(l);
            if (batch.size() == MAX_BATCH) {
                write(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            write(batch);
        }
    }

    private void write(List<LogLine> batch) {
        InsertValuesStep4<?, UUID, dev.drover.db.generated.gpu.enums.LogLevel, String, java.time.OffsetDateTime> insert =
                dsl.insertInto(JOB_LOGS, JOB_LOGS.JOB_ID, JOB_LOGS.LEVEL, JOB_LOGS.MESSAGE, JOB_LOGS.CREATED_AT);
        for (LogLine l : batch) {
            // Postgres text cannot hold NUL; a binary byte in a trainer's output must not lose the whole batch
            insert = insert.values(jobId, Levels.toDb(l.level()), l.message().replace('\0', '?'), l.at().atOffset(ZoneOffset.UTC));
        }
        try {
            insert.execute();
        } catch (RuntimeException e) {
            log.warn("job {}: {} log lines could not be written: {}", jobId, batch.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
