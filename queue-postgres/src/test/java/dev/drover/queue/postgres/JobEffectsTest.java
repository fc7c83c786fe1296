package dev.drover.queue.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.Processor;
import dev.drover.queue.Queue;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * {@link JobEffects} with a real worker, Redis and Postgres: the work and the result commit together, a redelivered
 * job replays its stored result without running the work, a failed work leaves nothing, and an attempt whose job was
 * taken over cannot commit.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class JobEffectsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private EffectsFixture fx;
    private Queue orders;
    private Jedis jedis;
    private String keys;

    @BeforeEach
    void open(TestRedis redis, TestDatabase db) {
        this.fx = new EffectsFixture(redis, db);
        this.orders = fx.closeLater(new Queue("orders", fx.queueOptions));
        this.jedis = fx.closeLater(redis.jedis());
        this.keys = redis.prefix() + ":orders:";
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private Worker worker(Processor processor, int concurrency) {
        return fx.closeLater(new Worker("orders", processor, WorkerOptions.builder().concurrency(concurrency)
                .lockDuration(Duration.ofMillis(800)).stalledInterval(Duration.ofMillis(200)).maxStalledCount(100)
                .build(), fx.queueOptions).start());
    }

    /** The work every test job does: one effects row naming the attempt, and a result naming it too. */
    private static Object work(EffectTransaction tx) {
        Job job = tx.job();
        tx.dsl().execute("insert into effects (job_id, lock_token, attempt) values (?, ?, ?)", job.id(),
                job.lockToken().orElseThrow(), job.attemptsStarted());
        return Map.of("order", job.data().path("order").asInt(), "attempt", job.attemptsStarted());
    }

    private static JsonNode json(String text) {
        return Results.read(text);
    }

    private long effects(String jobId) {
        return fx.count("select count(*) from effects where job_id = ?", jobId);
    }

    @Test
    void theWorkAndTheResultCommitTogetherAndTheJobCompletesWithTheResult() {
        JobEffects effects = JobEffects.create(fx.database.dataSource());
        worker(job -> effects.run(job, JobEffectsTest::work), 1);
        String id = orders.add("reserve", Map.of("order", 7));

        await().atMost(WAIT).until(() -> orders.getJobState(id) == JobState.COMPLETED);
        JsonNode result = orders.getJob(id).orElseThrow().returnValue();
        assertThat(result).isEqualTo(json("{\"order\":7,\"attempt\":1}"));
        assertThat(effects(id)).isEqualTo(1);
        assertThat(fx.dsl().fetchValue("select result::text from drover.processed_jobs where queue = 'orders' and "
                + "job_id = ?", id)).isEqualTo(result.toString());
    }

    @Test
    void aJobDeliveredAgainAfterItsWorkCommittedCompletesWithTheStoredResultWithoutRunningItsWork() {
        AtomicInteger workRuns = new AtomicInteger();
        // the first attempt dies right after its commit, before the job is acknowledged
        JobEffects effects = JobEffects.builder(fx.dsl()).observer(new EffectsObserver() {
            @Override
            public void committed(Job job) {
                if (job.attemptsStarted() == 1) {
                    throw new IllegalStateException("crash after commit");
                }
            }

            @Override
            public void attemptStarted(Job job, boolean replay) {
                events.add(job.attemptsStarted() + (replay ? " replay" : " runs"));
            }
        }).build();
        worker(job -> effects.run(job, tx -> {
            workRuns.incrementAndGet();
            return work(tx);
        }), 1);
        String id = orders.add("reserve", Map.of("order", 8), JobOptions.builder().attempts(3).build());

        await().atMost(WAIT).until(() -> orders.getJobState(id) == JobState.COMPLETED);
        assertThat(workRuns).hasValue(1);
        assertThat(effects(id)).isEqualTo(1);
        assertThat(events).containsExactly("1 runs", "2 replay");
        Job done = orders.getJob(id).orElseThrow();
        assertThat(done.attemptsMade()).isEqualTo(2);
        assertThat(done.returnValue()).isEqualTo(json("{\"order\":8,\"attempt\":1}"));
    }

    @Test
    void workThatFailsLeavesNothingAndTheRetryRunsIt() throws Exception {
        JobEffects effects = JobEffects.create(fx.database.dataSource());
        worker(job -> effects.run(job, tx -> {
            Object result = work(tx);
            tx.enqueue("emails", "confirm", Map.of("order", 9));
            if (job.attemptsStarted() == 1) {
                throw new java.io.IOException("disk full");
            }
            return result;
        }), 1);
        String id = orders.add("reserve", Map.of("order", 9), JobOptions.builder().attempts(2).build());

        await().atMost(WAIT).until(() -> orders.getJobState(id) == JobState.COMPLETED);
        assertThat(orders.getJob(id).orElseThrow().stacktrace()).hasSize(1).first().asString()
                .startsWith("java.io.IOException: disk full");
        assertThat(fx.count("select count(*) from effects where job_id = ? and attempt = 1", id)).isZero();
        assertThat(effects(id)).isEqualTo(1);
        assertThat(fx.count("select count(*) from drover.outbox")).isEqualTo(1);
    }

    @Test
    void anAttemptWhoseJobWasTakenOverCannotCommitAndTheNewAttemptDoes() {
        List<Throwable> staleErrors = new CopyOnWriteArrayList<>();
        JobEffects effects = JobEffects.builder(fx.dsl()).observer(new EffectsObserver() {
            @Override
            public void beforeCommit(Job job) {
                if (job.attemptsStarted() == 1) {
                    // the worker stalls past its lock (simulated: the lock is gone) until the job is taken over
                    jedis.del(keys + job.id() + ":lock");
                    await().atMost(WAIT).until(() -> fx.count("select attempt from drover.processed_jobs where"
                            + " job_id = ?", job.id()) == 2);
                }
            }
        }).build();
        worker(job -> {
            try {
                return effects.run(job, JobEffectsTest::work);
            } catch (StaleAttemptException e) {
                staleErrors.add(e);
                throw e;
            }
        }, 2);
        String id = orders.add("reserve", Map.of("order", 10));

        await().atMost(WAIT).until(() -> orders.getJobState(id) == JobState.COMPLETED && staleErrors.size() == 1);
        assertThat(effects(id)).isEqualTo(1);
        assertThat(fx.count("select attempt from effects where job_id = ?", id)).isEqualTo(2);
        assertThat(orders.getJob(id).orElseThrow().returnValue().path("attempt").asInt()).isEqualTo(2);
        assertThat(staleErrors.getFirst()).hasMessageContaining("job orders/" + id + " attempt 1 is stale")
                .hasMessageContaining("rolled back");
    }

    @Test
    void aLateAttemptIsRefusedBeforeItsWorkAndCheckpointsAreFenced() {
        JobEffects effects = JobEffects.create(fx.database.dataSource());
        List<Job> attempts = new CopyOnWriteArrayList<>();
        List<Throwable> refused = new CopyOnWriteArrayList<>();
        worker(job -> {
            attempts.add(job);
            if (job.attemptsStarted() == 1) {
                JobAttempt first = effects.begin(job);
                first.checkpoint(JobEffectsTest::work);
                jedis.del(keys + job.id() + ":lock"); // stalls past its lock until attempt 2 has registered
                await().atMost(WAIT).until(() -> fx.count("select attempt from drover.processed_jobs where"
                        + " job_id = ?", job.id()) == 2);
                try {
                    return first.checkpoint(JobEffectsTest::work);
                } catch (StaleAttemptException e) {
                    refused.add(e);
                    throw e;
                }
            }
            JobAttempt second = effects.begin(job);
            try {
                effects.begin(attempts.getFirst()); // the first attempt starting again, late
            } catch (StaleAttemptException e) {
                refused.add(e);
            }
            await().atMost(WAIT).until(() -> refused.size() == 2);
            return second.complete(tx -> "second");
        }, 2);
        String id = orders.add("reserve", Map.of("order", 11));

        await().atMost(WAIT).until(() -> orders.getJobState(id) == JobState.COMPLETED);
        assertThat(effects(id)).as("only the first checkpoint committed").isEqualTo(1);
        assertThat(refused).hasSize(2).allSatisfy(e -> assertThat(((StaleAttemptException) e).reason())
                .isEqualTo(StaleAttemptException.Reason.SUPERSEDED));
        assertThat(orders.getJob(id).orElseThrow().returnValue().asText()).isEqualTo("second");
        // once the job completed, a late attempt gets the stored result and runs nothing
        assertThat(effects.begin(attempts.getFirst()).storedResult().asText()).isEqualTo("second");
    }

    @Test
    void theTypedRunMapsTheResultTheFirstTimeAndOnAReplay() throws Exception {
        record Reserved(int order, int attempt) {
        }
        JobEffects effects = JobEffects.create(fx.database.dataSource());
        List<Reserved> seen = new CopyOnWriteArrayList<>();
        worker(job -> {
            Reserved r = effects.run(job, Reserved.class, tx -> new Reserved(job.data().path("order").asInt(),
                    job.attemptsStarted()));
            seen.add(r);
            if (job.attemptsStarted() == 1) {
                throw new IllegalStateException("dies before the ack");
            }
            return r;
        }, 1);
        String id = orders.add("reserve", Map.of("order", 12), JobOptions.builder().attempts(2).build());

        await().atMost(WAIT).until(() -> orders.getJobState(id) == JobState.COMPLETED);
        assertThat(seen).containsExactly(new Reserved(12, 1), new Reserved(12, 1));
        JsonNode stored = orders.getJob(id).orElseThrow().returnValue();
        assertThat(stored.path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aJobNoWorkerRunsIsRefused() {
        String id = orders.add("reserve", Map.of("order", 13));
        JobEffects effects = JobEffects.create(fx.database.dataSource());
        assertThatThrownBy(() -> effects.run(orders.getJob(id).orElseThrow(), tx -> 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no lock token");
    }

    @Test
    void aKeyedAttemptCommitsOnceAndTheLatestUnfinishedOneIsTheOneThatMayCommit() throws Exception {
        JobEffects effects = JobEffects.create(fx.database.dataSource());
        JobAttempt older = effects.begin("orders", "manual-1");
        older.checkpoint(tx -> tx.dsl().execute("insert into effects (job_id, lock_token, attempt) values "
                + "('manual-1', 'older', 1)"));
        JobAttempt newer = effects.begin("orders", "manual-1"); // a second caller takes the unfinished work over

        assertThatThrownBy(() -> older.complete(tx -> tx.dsl().execute("insert into effects (job_id, lock_token, "
                + "attempt) values ('manual-1', 'older', 2)")))
                .isInstanceOfSatisfying(StaleAttemptException.class,
                        e -> assertThat(e.reason()).isEqualTo(StaleAttemptException.Reason.SUPERSEDED));
        assertThat(newer.job()).isNull();
        JsonNode result = newer.complete(tx -> {
            assertThat(tx.job()).isNull();
            tx.dsl().execute("insert into effects (job_id, lock_token, attempt) values ('manual-1', 'newer', 1)");
            return Map.of("done", true);
        });

        JobAttempt again = effects.begin("orders", "manual-1");
        assertThat(again.replayed()).isTrue();
        assertThat(again.storedResult()).isEqualTo(result).isEqualTo(json("{\"done\":true}"));
        assertThat(fx.count("select count(*) from effects where job_id = 'manual-1' and lock_token = 'older'"))
                .as("the older caller's checkpoint stays, its completion rolled back").isEqualTo(1);
        assertThat(effects("manual-1")).isEqualTo(2);
        assertThatThrownBy(() -> effects.begin("orders", " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
