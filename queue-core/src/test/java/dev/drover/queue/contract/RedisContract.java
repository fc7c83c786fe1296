package dev.drover.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueAdmin;
import dev.drover.queue.QueueException;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.bullmq.Behave;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeJob;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every Redis deployment must give Drover and Node bullmq alike, written once and run per deployment
 * kind (embedded Sentinel and Cluster always; official Redis and Valkey images where Docker is present):
 * <ul>
 *   <li>a Drover worker and a Node bullmq worker keep processing through the deployment's fault (a failover): jobs
 *       added after it completes run within {@value #RESUME_SECONDS} s (a generous bound on a slow machine, not a
 *       performance claim), and every add acknowledged before, during and after it (with {@code WAIT} where there
 *       are replicas) is still there;</li>
 *   <li>jobs added by either side are processed by the other.</li>
 * </ul>
 */
public abstract class RedisContract {

    static final int RESUME_SECONDS = 60;
    private static final Duration RESUME = Duration.ofSeconds(RESUME_SECONDS);

    protected abstract RedisUnderTest redis();

    private QueueOptions options(String prefix) {
        int replicas = redis().replicas();
        return QueueOptions.builder().redisUrl(redis().url()).prefix(prefix)
                .waitForReplicas(replicas, Duration.ofSeconds(5)).build();
    }

    @Test
    void droverAndNodeWorkersKeepProcessingThroughTheFault() throws InterruptedException {
        String prefix = redis().newPrefix();
        QueueOptions qo = options(prefix);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (NodeBullmq node = NodeBullmq.v6(); Queue d = new Queue("d", qo); Queue n = new Queue("n", qo);
             Worker w = new Worker("d", job -> "ok", WorkerOptions.builder().concurrency(2)
                     .lockDuration(Duration.ofSeconds(5)).stalledInterval(Duration.ofSeconds(5))
                     .drainDelay(Duration.ofSeconds(1)).build(), qo).start();
             NodeWorker nw = node.queue(redis().url(), prefix, "n").startWorker(2,
                     "{\"lockDuration\":5000,\"stalledInterval\":5000,\"drainDelay\":1}", null)) {
            List<String> before = addEach(d, n, "before", 5, acknowledged);
            awaitCompleted(d, n, before);

            AtomicBoolean stop = new AtomicBoolean();
            Thread producer = Thread.ofVirtual().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    tryAdd(i % 2 == 0 ? d : n, "during-" + i, acknowledged);
                }
            });
            redis().disrupt(prefix + ":d:id");
            List<String> after = addEach(d, n, "after", 5, acknowledged);
            stop.set(true);
            producer.join(Duration.ofSeconds(30));

            awaitCompleted(d, n, after);
            for (String key : acknowledged) {
                Queue q = key.startsWith("d:") ? d : n;
                assertThat(q.getJobState(key.substring(2))).as("acknowledged job %s", key)
                        .isNotEqualTo(JobState.UNKNOWN);
            }
            awaitCompleted(d, n, List.copyOf(acknowledged));
        }
    }

    /** Adds {@code count} jobs to each queue with custom ids; retried until acknowledged (safe: ids are unique). */
    private static List<String> addEach(Queue d, Queue n, String tag, int count, Set<String> acknowledged) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (Queue q : List.of(d, n)) {
                String id = tag + "-" + i;
                await().atMost(RESUME).until(() -> tryAdd(q, id, acknowledged));
                keys.add(q.name() + ":" + id);
            }
        }
        return keys;
    }

    private static boolean tryAdd(Queue q, String id, Set<String> acknowledged) {
        try {
            q.add("job", Behave.create().asData(), JobOptions.builder().jobId(id).build());
            acknowledged.add(q.name() + ":" + id);
            return true;
        } catch (QueueException notAcknowledged) {
            return false; // the job may or may not exist: not counted, retried by the caller where it matters
        }
    }

    private static void awaitCompleted(Queue d, Queue n, List<String> keys) {
        for (String key : keys) {
            Queue q = key.startsWith("d:") ? d : n;
            String id = key.substring(2);
            await().atMost(RESUME).ignoreExceptions().until(() -> q.getJobState(id) == JobState.COMPLETED);
        }
    }

    @Test
    void nodeAddsDroverProcesses() {
        String prefix = redis().newPrefix();
        QueueOptions qo = options(prefix);
        try (NodeBullmq node = NodeBullmq.v6();
             Worker w = new Worker("from-node", job -> Map.of("double", job.data().path("n").asInt() * 2),
                     WorkerOptions.builder().build(), qo).start();
             Queue q = new Queue("from-node", qo)) {
            NodeQueue nq = node.queue(redis().url(), prefix, "from-node");
            List<NodeJob> jobs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                jobs.add(nq.add("n", "{\"n\":" + i + "}", "{\"priority\":" + (i % 2) + "}"));
            }
            for (NodeJob j : jobs) {
                await().atMost(RESUME).until(() -> q.getJobState(j.id()) == JobState.COMPLETED);
                assertThat(nq.getJob(j.id()).orElseThrow().returnvalue().path("double").asInt())
                        .isEqualTo(j.data().path("n").asInt() * 2);
            }
        }
    }

    @Test
    void droverAddsNodeProcessesAndTheAdminSeesIt() {
        String prefix = redis().newPrefix();
        QueueOptions qo = options(prefix);
        try (NodeBullmq node = NodeBullmq.v6(); Queue q = new Queue("from-drover", qo);
             QueueAdmin admin = new QueueAdmin(qo)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(q.add("d", Behave.create().returning(NodeBullmq.tree(Map.of("i", i))).asData(),
                        JobOptions.builder().delay(i * 100L).build()));
            }
            try (NodeWorker nw = node.queue(redis().url(), prefix, "from-drover").startWorker(2)) {
                for (String id : ids) {
                    nw.awaitProcessed(id, RESUME);
                }
            }
            await().atMost(RESUME).until(() -> q.getJobCounts().get(JobState.COMPLETED) == ids.size());
            assertThat(admin.queueNames()).contains("from-drover");
        }
    }
}
