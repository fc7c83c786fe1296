package dev.drover.queue.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention prunes processed_jobs rows and relayed outbox rows older than its age (in batches), keeps everything
 * younger and every pending outbox row, and an attempt whose row was pruned under it still commits.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class EffectsRetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private EffectsFixture fx;

    @BeforeEach
    void open(TestRedis redis, TestDatabase db) {
        fx = new EffectsFixture(redis, db);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private void processed(String jobId, String startedAgo, String completedAgo) {
        fx.dsl().execute("insert into drover.processed_jobs (queue, job_id, job_timestamp, attempt, lock_token,"
                + " started_at, completed_at, result) values ('q', ?, 1, 1, 't', now() - ?::interval,"
                + " now() - ?::interval, case when ? then '1'::json end)", jobId, startedAgo, completedAgo,
                completedAgo != null);
    }

    private void outbox(String jobId, String createdAgo, String relayedAgo) {
        fx.dsl().execute("insert into drover.outbox (queue, job_id, job, created_at, relayed_at) values ('q', ?, '{}',"
                + " now() - ?::interval, now() - ?::interval)", jobId, createdAgo, relayedAgo);
    }

    private String jobIds(String table) {
        return String.valueOf(fx.dsl().fetchValue("select coalesce(string_agg(job_id, ',' order by job_id), '') from "
                + table));
    }

    @Test
    void prunesWhatIsOlderThanTheAgeAndKeepsTheRestAndEveryPendingRow() {
        processed("done-old", "9 days", "8 days");
        processed("done-new", "9 days", "1 hour");
        processed("running-old", "8 days", null);
        processed("running-new", "1 hour", null);
        outbox("relayed-old", "9 days", "8 days");
        outbox("relayed-new", "9 days", "1 hour");
        outbox("pending-old", "30 days", null);
        fx.dsl().execute("insert into drover.processed_jobs (queue, job_id, job_timestamp, attempt, lock_token,"
                + " started_at, completed_at, result) select 'bulk', 'b' || i, 1, 1, 't', now() - interval '9 days',"
                + " now() - interval '8 days', '1' from generate_series(1, 2500) i");

        EffectsRetention.Pruned pruned = new EffectsRetention(fx.dsl(), Duration.ofDays(7)).prune();

        assertThat(pruned).isEqualTo(new EffectsRetention.Pruned(2502, 1));
        assertThat(jobIds("drover.processed_jobs")).isEqualTo("done-new,running-new");
        assertThat(jobIds("drover.outbox")).isEqualTo("pending-old,relayed-new");
        assertThat(new EffectsRetention(fx.dsl(), Duration.ofDays(7)).prune())
                .isEqualTo(new EffectsRetention.Pruned(0, 0));
        assertThatThrownBy(() -> new EffectsRetention(fx.dsl(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRelayPrunesOnItsInterval() {
        processed("done-old", "9 days", "8 days");
        outbox("relayed-old", "9 days", "8 days");
        fx.closeLater(OutboxRelay.builder(fx.dsl(), fx.queueOptions).retention(Duration.ofDays(3))
                .retentionInterval(Duration.ofMillis(100)).build()).start();
        await().atMost(WAIT).until(() -> jobIds("drover.processed_jobs").isEmpty()
                && jobIds("drover.outbox").isEmpty());
        processed("done-later", "5 days", "4 days");
        await().atMost(WAIT).until(() -> jobIds("drover.processed_jobs").isEmpty());
    }

    @Test
    void anAttemptWhoseRowWasPrunedUnderItStillCommitsOnce() {
        JobEffects effects = JobEffects.create(fx.database.dataSource());
        CountDownLatch pruned = new CountDownLatch(1);
        fx.closeLater(new Worker("long", job -> {
            JobAttempt attempt = effects.begin(job);
            fx.dsl().execute("update drover.processed_jobs set started_at = now() - interval '2 days'");
            new EffectsRetention(fx.dsl(), Duration.ofDays(1)).prune();
            pruned.countDown();
            return attempt.complete(tx -> tx.dsl().execute("insert into effects (job_id, lock_token, attempt)"
                    + " values (?, ?, 1)", job.id(), job.lockToken().orElseThrow()));
        }, WorkerOptions.builder().build(), fx.queueOptions).start());
        try (Queue queue = new Queue("long", fx.queueOptions)) {
            String id = queue.add("train", Map.of());
            await().atMost(WAIT).until(() -> queue.getJobState(id) == JobState.COMPLETED);
            Job done = queue.getJob(id).orElseThrow();
            assertThat(done.returnValue().asInt()).isEqualTo(1);
        }
        assertThat(pruned.getCount()).isZero();
        assertThat(fx.count("select count(*) from effects")).isEqualTo(1);
        assertThat(fx.count("select count(*) from drover.processed_jobs where completed_at is not null")).isEqualTo(1);
    }
}
