package dev.drover.queue.postgres;

import static dev.drover.db.generated.drover.Tables.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.FlowJob;
import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The transactional outbox: a job is added when, and only when, the transaction that wrote it commits; exactly once,
 * whatever relays die mid-way or race each other; flows too; a row Redis refuses waits with its reason.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class OutboxTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private EffectsFixture fx;
    private Jedis jedis;
    private String prefix;

    @BeforeEach
    void open(TestRedis redis, TestDatabase db) {
        fx = new EffectsFixture(redis, db);
        jedis = fx.closeLater(redis.jedis());
        prefix = redis.prefix();
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private OutboxRelay relay(RelayObserver observer) {
        return fx.closeLater(OutboxRelay.builder(fx.dsl(), fx.queueOptions).observer(observer).build());
    }

    private List<String> added(String queue) {
        List<String> ids = new ArrayList<>();
        for (StreamEntry e : jedis.xrange(prefix + ":" + queue + ":events", "-", "+")) {
            if ("added".equals(e.getFields().get("event"))) {
                ids.add(e.getFields().get("jobId"));
            }
        }
        return ids;
    }

    private long pending() {
        return fx.count("select count(*) from drover.outbox where relayed_at is null");
    }

    @Test
    void aCommittedRowIsAddedOnceWithItsOptionsAndARolledBackOneNever() {
        String id = fx.dsl().transactionResult(cfg -> Outbox.enqueue(cfg.dsl(), "emails", "welcome",
                Map.of("to", "ana@example.com"), JobOptions.builder().attempts(4).delay(60_000).build()));
        assertThatThrownBy(() -> fx.dsl().transaction(cfg -> {
            Outbox.enqueue(cfg.dsl(), "emails", "never", Map.of());
            throw new IllegalStateException("the order failed");
        })).hasMessageContaining("the order failed");
        OutboxRelay relay = relay(RelayObserver.NONE);

        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(relay.relayOnce()).isZero();
        try (Queue emails = new Queue("emails", fx.queueOptions)) {
            Job job = emails.getJob(id).orElseThrow();
            assertThat(job.name()).isEqualTo("welcome");
            assertThat(job.data().path("to").asText()).isEqualTo("ana@example.com");
            assertThat(job.opts().attempts()).isEqualTo(4);
            assertThat(emails.getJobState(id)).isEqualTo(JobState.DELAYED);
        }
        assertThat(added("emails")).containsExactly(id);
        assertThat(fx.count("select count(*) from drover.outbox")).isEqualTo(1);
    }

    @Test
    void aRelayThatDiesBetweenItsAddAndItsCommitIsNotRepeatedEvenAfterTheJobRanAndWasRemoved() {
        String id = fx.dsl().transactionResult(cfg -> Outbox.enqueue(cfg.dsl(), "emails", "welcome", Map.of(),
                JobOptions.builder().removeOnComplete(true).build()));
        List<Boolean> adds = new CopyOnWriteArrayList<>();
        AtomicBoolean crashed = new AtomicBoolean();
        OutboxRelay relay = relay(new RelayObserver() {
            @Override
            public void added(OutboxEntry entry, boolean first) {
                adds.add(first);
                if (crashed.compareAndSet(false, true)) {
                    throw new SimulatedCrash("relay dies after the add, before its commit");
                }
            }
        });
        assertThatThrownBy(relay::relayOnce).isInstanceOf(SimulatedCrash.class);
        assertThat(pending()).isEqualTo(1);

        fx.closeLater(new Worker("emails", job -> fx.dsl().execute("insert into followup_runs (job_id) values (?)",
                job.id()), WorkerOptions.builder().build(), fx.queueOptions).start());
        await().atMost(WAIT).until(() -> fx.count("select count(*) from followup_runs") == 1
                && !jedis.exists(prefix + ":emails:" + id));

        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(adds).containsExactly(true, false);
        assertThat(pending()).isZero();
        assertThat(jedis.exists(prefix + ":emails:" + id)).isFalse();
        assertThat(added("emails")).containsExactly(id);
        assertThat(fx.count("select count(*) from followup_runs")).isEqualTo(1);
    }

    @Test
    void relaysRacingEachOtherAddEveryRowOnce() {
        List<String> ids = new ArrayList<>();
        fx.dsl().transaction(cfg -> {
            for (int i = 0; i < 300; i++) {
                ids.add(Outbox.enqueue(cfg.dsl(), "emails", "welcome", Map.of("n", i)));
            }
        });
        for (int i = 0; i < 4; i++) {
            fx.closeLater(OutboxRelay.builder(fx.dsl(), fx.queueOptions).batchSize(7)
                    .pollInterval(Duration.ofMillis(20)).build()).start();
        }

        await().atMost(WAIT).until(() -> pending() == 0);
        assertThat(added("emails")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(jedis.llen(prefix + ":emails:wait")).isEqualTo(300);
    }

    @Test
    void aFlowIsAddedWholeWithItsChildrenInOtherQueues() {
        FlowJob flow = new FlowJob("reports", "summary", Map.of("day", "mon"), JobOptions.DEFAULTS, List.of(
                new FlowJob("pages", "render", Map.of("page", 1), JobOptions.builder().jobId("page-1").build(), List.of()),
                FlowJob.of("pages", "render", Map.of("page", 2))));
        String root = fx.dsl().transactionResult(cfg -> Outbox.enqueueFlow(cfg.dsl(), flow));
        assertThat(relay(RelayObserver.NONE).relayOnce()).isEqualTo(1);

        try (Queue reports = new Queue("reports", fx.queueOptions)) {
            assertThat(reports.getJobState(root)).isEqualTo(JobState.WAITING_CHILDREN);
            assertThat(reports.getDependencyCounts(root).unprocessed()).isEqualTo(2);
            fx.closeLater(new Worker("pages", job -> job.data().path("page").asInt(), WorkerOptions.builder().build(),
                    fx.queueOptions).start());
            fx.closeLater(new Worker("reports", Job::childrenValues, WorkerOptions.builder().build(),
                    fx.queueOptions).start());
            await().atMost(WAIT).until(() -> reports.getJobState(root) == JobState.COMPLETED);
            assertThat(reports.getJob(root).orElseThrow().returnValue()).hasSize(2);
        }
        assertThat(added("pages")).contains("page-1").hasSize(2);
    }

    @Test
    void aRowRedisCannotTakeWaitsWithItsReasonAndTheOthersGoAhead() {
        fx.dsl().insertInto(OUTBOX).set(OUTBOX.ID, java.util.UUID.randomUUID()).set(OUTBOX.QUEUE, "emails")
                .set(OUTBOX.JOB_ID, "bad").set(OUTBOX.JOB, org.jooq.JSON.valueOf(
                        "{\"name\":\"x\",\"data\":{},\"opts\":{\"priority\":-3},\"children\":[]}"))
                .execute();
        String good = fx.dsl().transactionResult(cfg -> Outbox.enqueue(cfg.dsl(), "emails", "welcome", Map.of()));
        List<String> failures = new CopyOnWriteArrayList<>();
        OutboxRelay relay = relay(new RelayObserver() {
            @Override
            public void failed(OutboxEntry entry, Exception e) {
                failures.add(entry.jobId() + ": " + e.getMessage());
            }
        });

        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(relay.relayOnce()).as("not due again yet").isZero();
        assertThat(added("emails")).containsExactly(good);
        assertThat(failures).singleElement().asString().startsWith("bad: ").contains("priority");
        var row = fx.dsl().selectFrom(OUTBOX).where(OUTBOX.JOB_ID.eq("bad")).fetchOne();
        assertThat(row.getRelayedAt()).isNull();
        assertThat(row.getRelayAttempts()).isEqualTo(1);
        assertThat(row.getLastError()).contains("priority");
        assertThat(row.getNextAttemptAt()).isAfter(row.getCreatedAt());
    }

    @Test
    void aPlainJdbcTransactionCanEnqueueAndCommittedWorkWakesTheRelay() throws Exception {
        try (Connection c = fx.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Outbox.enqueue(c, "emails", "from-jdbc", Map.of(), JobOptions.builder().jobId("jdbc-1").build());
            c.commit();
        }
        OutboxRelay relay = fx.closeLater(OutboxRelay.builder(fx.dsl(), fx.queueOptions)
                .pollInterval(Duration.ofMinutes(10)).build()).start();
        JobEffects effects = JobEffects.builder(fx.dsl()).wake(relay).build();
        fx.closeLater(new Worker("orders", job -> effects.run(job, tx -> tx.enqueue("emails", "shipped",
                Map.of("order", job.id()), JobOptions.builder().jobId("shipped-" + job.id()).build())),
                WorkerOptions.builder().build(), fx.queueOptions).start());
        // the relay's first pass takes the JDBC row; only a wake-up can bring the later one before ten minutes
        await().atMost(WAIT).until(() -> added("emails").contains("jdbc-1"));
        try (Queue orders = new Queue("orders", fx.queueOptions)) {
            String order = orders.add("ship", Map.of());
            await().atMost(WAIT).until(() -> added("emails").contains("shipped-" + order));
        }
        assertThat(added("emails")).hasSize(2);
    }
}
