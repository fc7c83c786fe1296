package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.Behave;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeJob;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeQueueEvents;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both directions against the real Node bullmq (pinned 5.x and 6.x): Node adds, Drover processes, Node's
 * QueueEvents and getters agree; Drover adds, Node processes, Drover's QueueEvents and getters agree.
 */
@ExtendWith(RedisExtension.class)
class NodeInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final TestRedis redis;
    private final QueueOptions qo;

    NodeInteropTest(TestRedis redis) {
        this.redis = redis;
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
    }

    /** Drover's processor: fails while attemptsMade < data.failTimes, else returns {double: n*2}. */
    private static Object droverProcessor(Job job) {
        JsonNode d = job.data();
        if (job.attemptsMade() < d.path("failTimes").asInt(0)) {
            throw new IllegalStateException("planned failure " + job.attemptsMade());
        }
        if (d.path("fatal").asBoolean()) {
            throw new UnrecoverableJobException("fatal job");
        }
        return Map.of("double", d.path("n").asInt() * 2);
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void nodeAddsDroverProcessesNodeObserves(NodeBullmq.Version version) {
        try (NodeBullmq node = NodeBullmq.start(version)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "interop");
            NodeQueueEvents nodeEvents = nq.startQueueEvents();
            NodeJob plain = nq.add("plain", "{\"n\":1}", null);
            NodeJob delayed = nq.add("delayed", "{\"n\":2}", "{\"delay\":700}");
            NodeJob prio = nq.add("prio", "{\"n\":3}", "{\"priority\":7}");
            NodeJob lifo = nq.add("lifo", "{\"n\":4}", "{\"lifo\":true}");
            NodeJob custom = nq.add("custom", "{\"n\":5}", "{\"jobId\":\"my-id\"}");
            NodeJob retried = nq.add("retry", "{\"n\":6,\"failTimes\":2}",
                    "{\"attempts\":3,\"backoff\":{\"type\":\"exponential\",\"delay\":100}}");
            NodeJob removed = nq.add("gone", "{\"n\":7}", "{\"removeOnComplete\":true}");
            NodeJob failing = nq.add("fatal", "{\"n\":8,\"fatal\":true}", "{\"attempts\":4}");
            try (Worker w = new Worker("interop", NodeInteropTest::droverProcessor,
                    WorkerOptions.builder().concurrency(3).build(), qo).start()) {
                for (NodeJob j : List.of(plain, delayed, prio, lifo, custom, retried, removed)) {
                    var completed = nodeEvents.awaitEvent("completed", j.id(), WAIT);
                    assertThat(completed.args().path("returnvalue").path("double").asInt())
                            .isEqualTo(j.data().path("n").asInt() * 2);
                }
                var failed = nodeEvents.awaitEvent("failed", failing.id(), WAIT);
                assertThat(failed.args().path("failedReason").asText()).isEqualTo("fatal job");
            }
            NodeJob r = nq.getJob(retried.id()).orElseThrow();
            assertThat(r.attemptsMade()).isEqualTo(3);
            assertThat(r.returnvalue().path("double").asInt()).isEqualTo(12);
            assertThat(r.stacktrace()).hasSize(2);
            assertThat(nq.getJob(removed.id())).isEmpty();
            assertThat(nq.getJob(failing.id()).orElseThrow().failedReason()).isEqualTo("fatal job");
            assertThat(nq.getJobState(failing.id())).isEqualTo("failed");
            Map<String, Long> counts = nq.getJobCounts();
            assertThat(counts).containsEntry("completed", 6L).containsEntry("failed", 1L)
                    .containsEntry("active", 0L).containsEntry("waiting", 0L).containsEntry("delayed", 0L);
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void droverAddsNodeProcessesDroverObserves(NodeBullmq.Version version) {
        List<QueueEvent> events = new CopyOnWriteArrayList<>();
        try (NodeBullmq node = NodeBullmq.start(version);
             Queue q = new Queue("interop", qo);
             QueueEvents qe = new QueueEvents("interop", qo, events::add).start()) {
            JsonNode ret = NodeBullmq.tree(Map.of("ok", 1));
            String plain = q.add("plain", Behave.create().returning(ret).asData());
            String delayed = q.add("delayed", Behave.create().returning(ret).asData(),
                    JobOptions.builder().delay(700).build());
            String prio = q.add("prio", Behave.create().returning(ret).asData(), JobOptions.builder().priority(2).build());
            String lifo = q.add("lifo", Behave.create().returning(ret).asData(), JobOptions.builder().lifo(true).build());
            String custom = q.add("custom", Behave.create().returning(ret).asData(),
                    JobOptions.builder().jobId("drover-id").build());
            String retried = q.add("retry", Behave.create().fail("try again").failAttempts(2).returning(ret).asData(),
                    JobOptions.builder().attempts(3).backoff(Backoff.fixed(100)).build());
            String removed = q.add("gone", Behave.create().returning(ret).asData(),
                    JobOptions.builder().removeOnComplete(true).build());
            String failing = q.add("fatal", Behave.create().unrecoverable("no way").asData(),
                    JobOptions.builder().attempts(3).build());
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "interop");
            try (NodeWorker nw = nq.startWorker(3)) {
                for (String id : List.of(plain, delayed, prio, lifo, custom, retried, removed)) {
                    await().atMost(WAIT).until(() -> events.stream().anyMatch(
                            e -> e.type().equals("completed") && e.jobId().orElse("").equals(id)));
                }
                await().atMost(WAIT).until(() -> events.stream().anyMatch(
                        e -> e.type().equals("failed") && e.jobId().orElse("").equals(failing)));
            }
            Job r = q.getJob(retried).orElseThrow();
            assertThat(r.attemptsMade()).isEqualTo(3);
            assertThat(r.returnValue().path("ok").asInt()).isEqualTo(1);
            assertThat(r.failedReason()).contains("try again");
            assertThat(q.getJob(removed)).isEmpty();
            assertThat(q.getJob(failing).orElseThrow().failedReason()).contains("no way");
            assertThat(q.getJobState(failing)).isEqualTo(JobState.FAILED);
            assertThat(q.getJobState(custom)).isEqualTo(JobState.COMPLETED);
            Map<JobState, Long> counts = q.getJobCounts();
            assertThat(counts).containsEntry(JobState.COMPLETED, 6L).containsEntry(JobState.FAILED, 1L)
                    .containsEntry(JobState.ACTIVE, 0L).containsEntry(JobState.WAITING, 0L);
            QueueEvent done = events.stream().filter(e -> e.type().equals("completed")).findFirst().orElseThrow();
            assertThat(done.returnValue().path("ok").asInt()).isEqualTo(1);
        }
    }
}
