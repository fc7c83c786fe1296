package dev.drover.queue.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.NewJob;
import dev.drover.queue.Queue;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.queue.postgres.FaultPlan.Fault;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The exactly-once property under hundreds of randomized fault schedules, in one run: every job of the run has its
 * own seeded schedule ({@link FaultPlan}: failing work, a crash before or after the commit, a stall past the lock at
 * the start or before the commit; a relay dying after its add), and three worker "processes" (each with its own
 * worker, effects, relay and connections) run them all at once against one Redis and one Postgres. Then:
 * <ul>
 *   <li>every job completed, and its work committed exactly once (one effects row), with the result it completed
 *       with;</li>
 *   <li>no attempt that had been taken over committed (each got a StaleAttemptException);</li>
 *   <li>every outbox job was added to Redis exactly once and ran exactly once, although each is removed on
 *       completion and a third of the relays die between their add and their commit.</li>
 * </ul>
 * The seed is printed, and named in the failure; rerun one with {@code -Dexactlyonce.seed=N}. The CI run has
 * {@value #JOBS} jobs; {@code -Dexactlyonce.long=true} runs {@value #LONG_ROUNDS} rounds of ten times as many.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class ExactlyOnceScheduleTest {

    static final int JOBS = 240;
    static final int LONG_ROUNDS = 5;
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Duration STALL_LIMIT = Duration.ofSeconds(20);

    private EffectsFixture fx;
    private TestRedis redis;
    private final Set<String> superseded = ConcurrentHashMap.newKeySet();
    private final Set<String> supersededBeforeCommit = ConcurrentHashMap.newKeySet();
    private final Set<String> staleThrown = ConcurrentHashMap.newKeySet();
    private final Set<java.util.UUID> relayCrashed = ConcurrentHashMap.newKeySet();
    private final List<Throwable> unexpectedUncaught = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void open(TestRedis redis, TestDatabase db) {
        this.redis = redis;
        this.fx = new EffectsFixture(redis, db, 40);
        // Awaitility would otherwise rethrow, from whatever await is running, the relay thread's simulated crash;
        // any other uncaught throwable still fails the test, in close()
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (!(e instanceof SimulatedCrash)) {
                unexpectedUncaught.add(e);
            }
        });
    }

    @AfterEach
    void close() {
        fx.close();
        Thread.setDefaultUncaughtExceptionHandler(null);
        Awaitility.reset();
        assertThat(unexpectedUncaught).as("uncaught in background threads").isEmpty();
    }

    @Test
    void everyEffectAndEveryOutboxJobHappensExactlyOnceUnderRandomFaults() {
        boolean longRun = Boolean.getBoolean("exactlyonce.long");
        long seed = Long.getLong("exactlyonce.seed", System.nanoTime());
        int rounds = longRun ? LONG_ROUNDS : 1;
        for (int round = 0; round < rounds; round++) {
            long roundSeed = seed + round;
            System.out.println("exactly-once schedules: seed " + roundSeed);
            try {
                runRound(new FaultPlan(roundSeed), "r" + round, longRun ? JOBS * 10 : JOBS);
            } catch (AssertionError | ConditionTimeoutException e) {
                throw new AssertionError("exactly-once broken with seed " + roundSeed + " (rerun with -Dexactlyonce.seed="
                        + roundSeed + "): " + e.getMessage(), e);
            }
        }
    }

    private void runRound(FaultPlan plan, String queueSuffix, int jobs) {
        String orders = "orders-" + queueSuffix;
        String followups = "followups-" + queueSuffix;
        for (int p = 0; p < 3; p++) {
            startProcess(plan, orders, followups, "p" + p);
        }
        List<String> ids;
        try (Queue queue = new Queue(orders, fx.queueOptions)) {
            ids = queue.addBulk(IntStream.range(0, jobs).mapToObj(i -> new NewJob("order", Map.of("n", i),
                    JobOptions.builder().attempts(50).build())).toList());
            await().atMost(WAIT).until(() -> queue.getJobCounts().get(JobState.COMPLETED) == jobs
                    && fx.count("select count(*) from drover.outbox where relayed_at is null") == 0
                    && fx.count("select count(*) from followup_runs where parent like ?", orders + "/%") >= jobs);
            assertThat(queue.getJobCounts().get(JobState.FAILED)).isZero();
            for (String id : ids) {
                Job job = queue.getJob(id).orElseThrow();
                Object stored = fx.dsl().fetchValue("select result::text from drover.processed_jobs where queue = ?"
                        + " and job_id = ?", orders, id);
                assertThat(job.returnValue()).as("job %s's result", id).isEqualTo(Results.read(String.valueOf(stored)));
            }
        }
        assertThat(fx.count("select count(*) from effects where job_id like ?", orders + "/%"))
                .as("effects committed").isEqualTo(jobs);
        assertThat(fx.count("select count(distinct job_id) from effects where job_id like ?", orders + "/%"))
                .isEqualTo(jobs);
        List<String> committedTokens = fx.dsl().fetch("select lock_token from effects where job_id like ?",
                orders + "/%").getValues(0, String.class);
        assertThat(committedTokens).as("a taken-over attempt committed").doesNotContainAnyElementsOf(superseded);
        assertThat(staleThrown).as("attempts taken over before their commit refused").containsAll(supersededBeforeCommit);

        assertThat(fx.count("select count(*) from followup_runs where parent like ?", orders + "/%")).as("outbox jobs run")
                .isEqualTo(jobs);
        assertThat(fx.count("select count(distinct parent) from followup_runs where parent like ?", orders + "/%"))
                .isEqualTo(jobs);
        try (Jedis jedis = redis.jedis()) {
            List<String> added = new ArrayList<>();
            for (StreamEntry e : jedis.xrange(redis.prefix() + ":" + followups + ":events", "-", "+")) {
                if ("added".equals(e.getFields().get("event"))) {
                    added.add(e.getFields().get("jobId"));
                }
            }
            assertThat(added).as("outbox jobs added").hasSize(jobs).doesNotHaveDuplicates();
        }
        System.out.println("exactly-once schedules: " + jobs + " jobs, " + superseded.size() + " attempts taken over, "
                + relayCrashed.size() + " relays died after their add");
    }

    /** One worker "process": effects with the fault plan, a worker for each queue, and a relay. */
    private void startProcess(FaultPlan plan, String orders, String followups, String name) {
        JobEffects effects = JobEffects.builder(fx.dsl()).observer(new FaultyObserver(plan)).build();
        WorkerOptions options = WorkerOptions.builder().name(name).concurrency(4).lockDuration(Duration.ofMillis(1500))
                .stalledInterval(Duration.ofMillis(300)).maxStalledCount(1000).build();
        fx.closeLater(new Worker(orders, job -> {
            if (plan.attempt(job.id(), job.attemptsStarted()) == Fault.STALL_AT_START) {
                stallUntilTakenOver(job);
            }
            try {
                return effects.run(job, tx -> work(plan, tx, followups));
            } catch (StaleAttemptException e) {
                staleThrown.add(job.lockToken().orElseThrow());
                throw e;
            }
        }, options, fx.queueOptions).start());
        // the outbox jobs' consumer is on JobEffects too (without faults): a plain processor runs at least once, and
        // on a loaded machine a follow-up job stalls past its lock and runs twice now and then
        JobEffects consumer = JobEffects.builder(fx.dsl()).build();
        fx.closeLater(new Worker(followups, job -> consumer.run(job, tx -> tx.dsl().execute("insert into followup_runs"
                + " (job_id, parent) values (?, ?)", job.id(), job.data().path("parent").asText())), options,
                fx.queueOptions).start());
        startRelay(plan);
    }

    private Object work(FaultPlan plan, EffectTransaction tx, String followups) {
        Job job = tx.job();
        String key = job.queueName() + "/" + job.id();
        tx.dsl().execute("insert into effects (job_id, lock_token, attempt) values (?, ?, ?)", key,
                job.lockToken().orElseThrow(), job.attemptsStarted());
        tx.enqueue(followups, "notify", Map.of("parent", key), JobOptions.builder().removeOnComplete(true).build());
        if (plan.attempt(job.id(), job.attemptsStarted()) == Fault.WORK_FAILS) {
            throw new IllegalStateException("the work fails after writing");
        }
        return Map.of("n", job.data().path("n").asInt());
    }

    private void startRelay(FaultPlan plan) {
        fx.closeLater(OutboxRelay.builder(fx.dsl(), fx.queueOptions).pollInterval(Duration.ofMillis(50)).batchSize(5)
                .observer(new RelayObserver() {
                    @Override
                    public void added(OutboxEntry entry, boolean added) {
                        if (plan.relayCrashesAfterAdd(entry.id()) && relayCrashed.add(entry.id())) {
                            startRelay(plan); // the process comes back with a new relay
                            throw new SimulatedCrash("relay dies after adding " + entry.jobId());
                        }
                    }
                }).build()).start();
    }

    /**
     * The worker stops renewing its lock (simulated: the lock is deleted) until a later attempt registers; true when
     * one did.
     */
    private boolean stallUntilTakenOver(Job job) {
        try (Jedis jedis = redis.jedis()) {
            jedis.del(redis.prefix() + ":" + job.queueName() + ":" + job.id() + ":lock");
        }
        try {
            await().atMost(STALL_LIMIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                Object attempt = fx.dsl().fetchValue("select case when completed_at is null then attempt else 1000"
                        + " end from drover.processed_jobs where queue = ? and job_id = ?", job.queueName(), job.id());
                return attempt instanceof Number n && n.intValue() > job.attemptsStarted();
            });
            superseded.add(job.lockToken().orElseThrow());
            return true;
        } catch (ConditionTimeoutException e) {
            // nobody took it over in time (every slot busy): the attempt goes on, and may commit as the current one
            return false;
        }
    }

    /** Crashes and stalls at the points the plan names for each attempt. */
    private final class FaultyObserver implements EffectsObserver {
        private final FaultPlan plan;

        FaultyObserver(FaultPlan plan) {
            this.plan = plan;
        }

        @Override
        public void beforeCommit(Job job) {
            switch (plan.attempt(job.id(), job.attemptsStarted())) {
                case CRASH_BEFORE_COMMIT -> throw new SimulatedCrash("dies before the commit");
                case STALL_BEFORE_COMMIT -> {
                    if (stallUntilTakenOver(job)) {
                        supersededBeforeCommit.add(job.lockToken().orElseThrow());
                    }
                }
                default -> { }
            }
        }

        @Override
        public void committed(Job job) {
            if (plan.attempt(job.id(), job.attemptsStarted()) == Fault.CRASH_AFTER_COMMIT) {
                throw new SimulatedCrash("dies after the commit, before the ack");
            }
        }
    }
}
