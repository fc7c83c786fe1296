package dev.drover.queue.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.queue.LogCapture;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.WorkerOptions;
import dev.drover.queue.internal.QueueClient;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * The lock extender reports (and counts, for the daemons' metric) a lock as lost only when it was: the lock is gone
 * or another worker's while the job's processor still runs here. A job that finished between the extender's
 * snapshot and its renewal (its finishing call released the lock) is no such case.
 */
@ExtendWith(RedisExtension.class)
class LockExtenderTest {

    @Test
    void onlyALockLostWhileTheProcessorRunsIsReportedAndCounted(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        String p = redis.prefix() + ":locks:";
        try (QueueClient client = new QueueClient("locks", qo); Jedis jedis = redis.jedis();
             LogCapture log = new LogCapture()) {
            WorkerContext ctx = new WorkerContext(client, WorkerOptions.DEFAULTS, job -> null);
            RunningJobs running = new RunningJobs();
            jedis.set(p + "renewed:lock", "t1", SetParams.setParams().px(1_000));
            running.add("renewed", "t1");
            running.add("finished", "t2"); // its finishing call is on its way and released the lock already
            running.markFinishing("finished");
            jedis.set(p + "stolen:lock", "someone-else"); // recovered as stalled and taken by another worker
            running.add("stolen", "t3");
            running.add("expired", "t4"); // no lock at all while the processor still runs

            new LockExtender(ctx, running).run();

            assertThat(ctx.lockRenewalFailures()).isEqualTo(2);
            assertThat(jedis.pttl(p + "renewed:lock")).isGreaterThan(Duration.ofSeconds(20).toMillis());
            assertThat(log.text()).contains("lock lost for job stolen", "lock lost for job expired")
                    .doesNotContain("lock lost for job finished", "lock lost for job renewed");
        }
    }
}
