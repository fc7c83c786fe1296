package dev.drover.queue.postgres;

import dev.drover.db.Database;
import dev.drover.db.DatabaseUrl;
import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process for the SIGKILL tests (test code only): runs {@link #work} on queue {@value #ORDERS} and the
 * outbox jobs it enqueues on {@value #FOLLOWUPS} through {@link JobEffects}, and an outbox relay, and stops at a
 * {@link Point} through the library's observers (its extension points): there it writes the job or row id to the
 * marker file and blocks, so that the test can kill it with SIGKILL at exactly that point.
 * Args: redisUrl prefix databaseUrl point markerFile.
 */
public final class CrashingWorkerMain {

    static final String ORDERS = "orders";
    static final String FOLLOWUPS = "followups";

    /** Where the process stops. */
    enum Point {
        /** Nowhere: it runs until killed at whatever moment. */
        NONE,
        /** After the work, before its transaction commits. */
        BEFORE_COMMIT,
        /** After the commit, before the processor returns (the job is not acknowledged). */
        AFTER_COMMIT,
        /** After the job was acknowledged: runs no relay, so its outbox row is still due when it dies. */
        AFTER_ACK,
        /** After the outbox row's job was added to Redis, before the relay's transaction commits. */
        DURING_RELAY
    }

    private CrashingWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        QueueOptions qo = QueueOptions.builder().redisUrl(args[0]).prefix(args[1]).build();
        Database db = Database.open(DatabaseUrl.parse(args[2], Map.of()), "crashing-worker", 6);
        Point point = Point.valueOf(args[3]);
        Path marker = Path.of(args[4]);
        JobEffects effects = JobEffects.builder(db.dsl()).observer(new EffectsObserver() {
            @Override
            public void beforeCommit(Job job) {
                stopIf(point == Point.BEFORE_COMMIT, marker, job.id());
            }

            @Override
            public void committed(Job job) {
                stopIf(point == Point.AFTER_COMMIT, marker, job.id());
            }
        }).build();
        new Worker(ORDERS, job -> effects.run(job, CrashingWorkerMain::work), options(), qo).start();
        new Worker(FOLLOWUPS, job -> effects.run(job, CrashingWorkerMain::followup), options(), qo).start();
        if (point == Point.NONE || point == Point.DURING_RELAY) {
            OutboxRelay.builder(db.dsl(), qo).pollInterval(Duration.ofMillis(100)).observer(new RelayObserver() {
                @Override
                public void added(OutboxEntry entry, boolean added) {
                    stopIf(point == Point.DURING_RELAY, marker, entry.jobId());
                }
            }).build().start();
        }
        System.out.println("STARTED");
        new CountDownLatch(1).await();
    }

    static WorkerOptions options() {
        return WorkerOptions.builder().concurrency(3).lockDuration(Duration.ofMillis(1500))
                .stalledInterval(Duration.ofMillis(500)).maxStalledCount(100).build();
    }

    /** The job's work: one effects row and one follow-up job (removed once it completes). */
    static Object work(EffectTransaction tx) {
        Job job = tx.job();
        tx.dsl().execute("insert into effects (job_id, lock_token, attempt, committed_by) values (?, ?, ?, ?)",
                job.id(), job.lockToken().orElseThrow(), job.attemptsStarted(), ProcessHandle.current().pid());
        tx.enqueue(FOLLOWUPS, "notify", Map.of("parent", job.id()), JobOptions.builder().removeOnComplete(true).build());
        return Map.of("n", job.data().path("n").asInt());
    }

    /** A follow-up's work: one followup_runs row (through JobEffects too, so a redelivered follow-up adds none). */
    static Object followup(EffectTransaction tx) {
        return tx.dsl().execute("insert into followup_runs (job_id, parent) values (?, ?)", tx.job().id(),
                tx.job().data().path("parent").asText());
    }

    private static void stopIf(boolean here, Path marker, String id) {
        if (!here) {
            return;
        }
        try {
            Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
            Files.writeString(tmp, id);
            Files.move(tmp, marker);
            new CountDownLatch(1).await();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
