package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.JOBS;
import static dev.drover.db.generated.gpu.Tables.TRANSACTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.daemon.Daemon;
import dev.drover.daemon.DaemonOptions;
import dev.drover.db.generated.gpu.enums.TransactionType;
import dev.drover.db.generated.gpu.tables.records.JobsRecord;
import dev.drover.gpu.agent.AgentSettings;
import dev.drover.gpu.agent.GpuAgent;
import dev.drover.gpu.agent.ImageSettings;
import dev.drover.gpu.agent.JobIsolation;
import dev.drover.gpu.process.JobDirs;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jooq.DSLContext;

/** In-process agents with test-speed timings, and the ledger checks every agent test makes. */
final class Agents implements AutoCloseable {

    static final String H100 = "NVIDIA H100 80GB HBM3";
    static final String A100 = "NVIDIA A100-SXM4-40GB";
    /** One credit per second, so runtimes show in the bill. */
    static final String PRICE = "3600";

    private final TestRedis redis;
    private final TestDatabase db;
    private final List<Daemon> daemons = new ArrayList<>();
    /** Storage of agents started without seed 004's settings, and every agent's job directories. */
    private final Path home;

    Agents(TestRedis redis, TestDatabase db) {
        this.redis = redis;
        this.db = db;
        try {
            this.home = Files.createTempDirectory("gpu-agents-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AgentSettings settings(String name, String nvidiaSmi) {
        return settings(name, nvidiaSmi, 2);
    }

    static AgentSettings settings(String name, String nvidiaSmi, int concurrency) {
        return new AgentSettings(name, name + ".test", new BigDecimal(PRICE), nvidiaSmi, concurrency, Duration.ofMillis(300),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(100),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    /** Starts an agent daemon in this JVM on a free HTTP port. */
    GpuAgent start(String name, String nvidiaSmi) {
        return start(name, nvidiaSmi, null);
    }

    /** As {@link #start(String, String)}, with seed 004's settings (Gemini, storage); null for the defaults. */
    GpuAgent start(String name, String nvidiaSmi, ImageSettings images) {
        return GpuAgent.start(daemon(name), settings(name, nvidiaSmi), images != null ? images
                : ImageSettings.withoutGemini(home.resolve("storage")), JobIsolation.sameUser(jobsDir()));
    }

    /** As {@link #start(String, String)}, running up to {@code concurrency} jobs at once. */
    GpuAgent start(String name, String nvidiaSmi, int concurrency) {
        return GpuAgent.start(daemon(name), settings(name, nvidiaSmi, concurrency),
                ImageSettings.withoutGemini(home.resolve("storage")), JobIsolation.sameUser(jobsDir()));
    }

    private Daemon daemon(String name) {
        Daemon d = Daemon.start("gpu-agent-" + name, DaemonOptions.of(redis.url(), db.url(), redis.prefix(), 0,
                Duration.ofSeconds(5)), Map.of());
        daemons.add(d);
        return d;
    }

    /** {@code JOBS_DIR} of every agent started here. */
    Path jobsDir() {
        return home.resolve("jobs");
    }

    /** The job directories that exist now, {@code <provider>/<job>}. */
    List<String> jobDirsLeft() {
        try (Stream<Path> dirs = Files.walk(jobsDir(), 2)) {
            return dirs.filter(p -> p.getNameCount() == jobsDir().getNameCount() + 2)
                    .map(p -> jobsDir().relativize(p).toString()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A submitter of seed 004's jobs over the same Redis and database; failed batch attempts wait {@code backoff}. */
    ImageJobs imageJobs(DSLContext dsl, GpuJobs jobs, dev.drover.queue.Backoff backoff) {
        return new ImageJobs(dsl, jobs, queueOptions(), backoff);
    }

    /** The queue options every agent of this test uses (its Redis and key prefix). */
    dev.drover.queue.QueueOptions queueOptions() {
        return DaemonOptions.of(redis.url(), db.url(), redis.prefix(), 0, Duration.ofSeconds(1)).queueOptions();
    }

    /** A submitter over the same Redis and database. */
    GpuJobs jobs(DSLContext dsl) {
        return new GpuJobs(dsl, new dev.drover.gpu.billing.Ledger(dsl), DaemonOptions.of(redis.url(), db.url(),
                redis.prefix(), 0, Duration.ofSeconds(1)).queueOptions());
    }

    static JobsRecord row(DSLContext dsl, UUID id) {
        return dsl.selectFrom(JOBS).where(JOBS.ID.eq(id)).fetchOne();
    }

    /** Reserve = refund + earning + fee, each leg once, and the user's credits equal their ledger. */
    static void assertBalanced(DSLContext dsl, UUID jobId, UUID userId) {
        for (TransactionType t : List.of(TransactionType.DEBIT, TransactionType.REFUND, TransactionType.EARNING,
                TransactionType.PLATFORM_FEE)) {
            assertThat(dsl.fetchCount(TRANSACTIONS, TRANSACTIONS.JOB_ID.eq(jobId).and(TRANSACTIONS.TYPE.eq(t))))
                    .as("%s legs of %s", t, jobId).isLessThanOrEqualTo(1);
        }
        BigDecimal debit = GpuRows.leg(dsl, jobId, TransactionType.DEBIT);
        BigDecimal back = GpuRows.leg(dsl, jobId, TransactionType.REFUND).add(GpuRows.leg(dsl, jobId, TransactionType.EARNING))
                .add(GpuRows.leg(dsl, jobId, TransactionType.PLATFORM_FEE));
        assertThat(back).isEqualByComparingTo(debit);
        assertThat(GpuRows.credits(dsl, userId)).isEqualByComparingTo(GpuRows.ledgerBalance(dsl, userId));
        JobsRecord job = row(dsl, jobId);
        assertThat(job.getCost()).isEqualByComparingTo(GpuRows.leg(dsl, jobId, TransactionType.EARNING)
                .add(GpuRows.leg(dsl, jobId, TransactionType.PLATFORM_FEE)));
    }

    @Override
    public void close() {
        daemons.forEach(Daemon::close);
        JobDirs.delete(home);
    }
}
