package dev.drover.queue.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.NewJob;
import dev.drover.queue.Queue;
import dev.drover.queue.Worker;
import dev.drover.queue.postgres.CrashingWorkerMain.Point;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Worker processes killed with SIGKILL at each crash point (before the commit, after the commit and before the ack,
 * after the ack with its outbox row still due, between a relay's add and its commit) and at seeded random moments:
 * another process takes over, and every effect is applied once, every outbox job added and run once, and every job
 * completes with the result its committed work returned.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class ExactlyOnceProcessKillTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private EffectsFixture fx;
    private Queue orders;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void open(TestRedis redis, TestDatabase db) {
        fx = new EffectsFixture(redis, db);
        orders = fx.closeLater(new Queue(CrashingWorkerMain.ORDERS, fx.queueOptions));
    }

    @AfterEach
    void close() {
        processes.forEach(Process::destroyForcibly);
        fx.close();
    }

    private Process launch(Point point, Path marker) throws IOException {
        Path log = Path.of("target", "crashing-worker.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CrashingWorkerMain.class.getName(), fx.redis.url(),
                fx.redis.prefix(), fx.db.url(), point.name(), marker.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(p);
        return p;
    }

    private static void sigkill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no release of locks or connections
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** This JVM takes over: effects, both workers and (unless {@code withRelay} is false) a relay. */
    private OutboxRelay rescue(boolean withRelay) {
        JobEffects effects = JobEffects.create(fx.database.dataSource());
        fx.closeLater(new Worker(CrashingWorkerMain.ORDERS, job -> effects.run(job, CrashingWorkerMain::work),
                CrashingWorkerMain.options(), fx.queueOptions).start());
        fx.closeLater(new Worker(CrashingWorkerMain.FOLLOWUPS, job -> effects.run(job, CrashingWorkerMain::followup),
                CrashingWorkerMain.options(), fx.queueOptions).start());
        OutboxRelay relay = fx.closeLater(OutboxRelay.builder(fx.dsl(), fx.queueOptions)
                .pollInterval(Duration.ofMillis(100)).build());
        return withRelay ? relay.start() : relay;
    }

    private static Path marker() throws IOException {
        Path dir = Files.createTempDirectory("crash-point");
        dir.toFile().deleteOnExit();
        return dir.resolve("reached");
    }

    @ParameterizedTest
    @EnumSource(names = {"BEFORE_COMMIT", "AFTER_COMMIT", "DURING_RELAY"})
    void aWorkerKilledAtACrashPointLosesAndRepeatsNothing(Point point) throws Exception {
        String id = orders.add("order", Map.of("n", 1), JobOptions.builder().attempts(5).build());
        Path marker = marker();
        Process worker = launch(point, marker);
        await().atMost(WAIT).until(() -> Files.exists(marker));
        assertThat(Files.readString(marker)).isNotBlank();
        sigkill(worker);

        long committedByTheDead = fx.count("select count(*) from effects");
        assertThat(committedByTheDead).isEqualTo(point == Point.BEFORE_COMMIT ? 0 : 1);
        OutboxRelay relay = rescue(point != Point.DURING_RELAY);
        if (point == Point.DURING_RELAY) {
            // the follow-up the dead relay added runs and is removed before any relay looks at its row again
            await().atMost(WAIT).until(() -> fx.count("select count(*) from followup_runs") == 1);
            relay.start();
        }
        assertExactlyOnce(List.of(id));
    }

    @Test
    void aWorkerKilledAfterTheAckLeavesItsOutboxRowToAnotherRelay() throws Exception {
        String id = orders.add("order", Map.of("n", 1));
        Process worker = launch(Point.AFTER_ACK, marker());
        await().atMost(WAIT).until(() -> orders.getJobState(id) == JobState.COMPLETED);
        sigkill(worker);
        assertThat(fx.count("select count(*) from drover.outbox where relayed_at is null")).isEqualTo(1);

        rescue(true);
        assertExactlyOnce(List.of(id));
    }

    @Test
    void workersKilledAtSeededRandomMomentsLoseAndRepeatNothing() throws Exception {
        long seed = Long.getLong("exactlyonce.seed", System.nanoTime());
        System.out.println("process kills: seed " + seed);
        Random random = new Random(seed);
        int jobs = 40;
        List<String> ids = orders.addBulk(IntStream.range(0, jobs).mapToObj(i -> new NewJob("order", Map.of("n", i),
                JobOptions.builder().attempts(20).build())).toList());
        try {
            for (int kill = 0; kill < 2; kill++) {
                Process a = launch(Point.NONE, marker());
                Process b = launch(Point.NONE, marker());
                long target = Math.min(jobs, fx.count("select count(*) from effects") + 1 + random.nextInt(15));
                await().atMost(WAIT).until(() -> fx.count("select count(*) from effects") >= target);
                sigkill(a);
                sigkill(b);
            }
            rescue(true);
            assertExactlyOnce(ids);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("exactly-once broken under process kills with seed " + seed
                    + " (rerun with -Dexactlyonce.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    private void assertExactlyOnce(List<String> ids) {
        await().atMost(WAIT).until(() -> orders.getJobCounts().get(JobState.COMPLETED) == ids.size()
                && fx.count("select count(*) from drover.outbox where relayed_at is null") == 0
                && fx.count("select count(*) from followup_runs") >= ids.size());
        for (String id : ids) {
            Job job = orders.getJob(id).orElseThrow();
            assertThat(fx.count("select count(*) from effects where job_id = ?", id)).as("effects of job %s", id)
                    .isEqualTo(1);
            Object stored = fx.dsl().fetchValue("select result::text from drover.processed_jobs where job_id = ?", id);
            assertThat(job.returnValue()).isEqualTo(Results.read(String.valueOf(stored)));
        }
        assertThat(fx.count("select count(*) from followup_runs")).as("follow-up runs").isEqualTo(ids.size());
        assertThat(fx.count("select count(distinct parent) from followup_runs")).isEqualTo(ids.size());
        try (Jedis jedis = fx.redis.jedis()) {
            List<String> added = new ArrayList<>();
            for (StreamEntry e : jedis.xrange(fx.redis.prefix() + ":" + CrashingWorkerMain.FOLLOWUPS + ":events", "-",
                    "+")) {
                if ("added".equals(e.getFields().get("event"))) {
                    added.add(e.getFields().get("jobId"));
                }
            }
            assertThat(added).as("follow-ups added").hasSize(ids.size()).doesNotHaveDuplicates();
        }
    }
}
