package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeJob;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Deduplication ({@code de}): drop, ttl, extend, replace, release on finish, and both directions with Node. */
@ExtendWith(RedisExtension.class)
class DeduplicationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestRedis redis;
    private final QueueOptions qo;
    private final Queue q;
    private final Jedis jedis;
    private final String p;

    DeduplicationTest(TestRedis redis) {
        this.redis = redis;
        qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        q = new Queue("dedup", qo);
        jedis = redis.jedis();
        p = redis.prefix() + ":dedup:";
    }

    @AfterEach
    void close() {
        q.close();
        jedis.close();
    }

    private static JobOptions de(Deduplication d) {
        return JobOptions.builder().deduplication(d).build();
    }

    @Test
    void aSecondAddWhilePendingReturnsTheOwnerAndEmitsDeduplicated() {
        List<QueueEvent> events = new CopyOnWriteArrayList<>();
        try (QueueEvents qe = new QueueEvents("dedup", qo, events::add).start()) {
            String first = q.add("sync-segment", 1, de(Deduplication.untilFinished("seg-7")));
            String second = q.add("sync-segment", 2, de(Deduplication.untilFinished("seg-7")));
            assertThat(second).isEqualTo(first);
            assertThat(q.getJobCounts()).containsEntry(JobState.WAITING, 1L);
            assertThat(jedis.hget(p + first, "deid")).isEqualTo("seg-7");
            assertThat(q.getDeduplicationJobId("seg-7")).contains(first);
            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.type().equals("deduplicated")));
            QueueEvent e = events.stream().filter(x -> x.type().equals("deduplicated")).findFirst().orElseThrow();
            assertThat(e.jobId()).contains(first);
            assertThat(e.fields()).containsEntry("deduplicationId", "seg-7").containsKey("deduplicatedJobId");
        }
    }

    @Test
    void finishingTheOwnerReleasesAKeyWithoutTtlButKeepsATtlKey() {
        String a = q.add("x", 1, de(Deduplication.untilFinished("a")));
        String b = q.add("x", 1, de(Deduplication.forDuration("b", Duration.ofMinutes(5))));
        try (Worker w = new Worker("dedup", job -> "ok", WorkerOptions.builder().build(), qo).start()) {
            await().atMost(WAIT).until(() -> q.getJobCounts().get(JobState.COMPLETED) == 2);
        }
        assertThat(jedis.exists(p + "de:a")).isFalse();
        assertThat(jedis.get(p + "de:b")).isEqualTo(b);
        assertThat(q.add("x", 1, de(Deduplication.untilFinished("a")))).isNotEqualTo(a);
        assertThat(q.add("x", 1, de(Deduplication.forDuration("b", Duration.ofMinutes(5))))).isEqualTo(b);
    }

    @Test
    void extendResetsTheTtlAndRemoveDropsTheKey() {
        Deduplication d = new Deduplication("e", Duration.ofSeconds(100), true, false);
        String id = q.add("x", 1, de(d));
        jedis.pexpire(p + "de:e", 5_000);
        assertThat(q.add("x", 2, de(d))).isEqualTo(id);
        assertThat(jedis.pttl(p + "de:e")).isGreaterThan(90_000);
        assertThat(q.remove(id)).isTrue();
        assertThat(jedis.exists(p + "de:e")).isFalse();
    }

    @Test
    void replaceSwapsAStillDelayedOwnerOnly() {
        Deduplication d = new Deduplication("r", null, false, true);
        String old = q.add("x", 1, JobOptions.builder().delay(60_000).deduplication(d).build());
        String fresh = q.add("x", 2, JobOptions.builder().delay(60_000).deduplication(d).build());
        assertThat(fresh).isNotEqualTo(old);
        assertThat(q.getJob(old)).isEmpty();
        assertThat(q.getJob(fresh).orElseThrow().data().asInt()).isEqualTo(2);
        assertThat(q.getDeduplicationJobId("r")).contains(fresh);
        q.promoteJob(fresh);
        assertThat(q.add("x", 3, JobOptions.builder().delay(60_000).deduplication(d).build())).isEqualTo(fresh);
    }

    @Test
    void everyPathThatDeletesAJobReleasesTheKeyItOwns() {
        String drained = q.add("x", 1, de(Deduplication.untilFinished("drained")));
        String delayed = q.add("x", 1, JobOptions.builder().delay(60_000)
                .deduplication(Deduplication.forDuration("delayed", Duration.ofMinutes(5))).build());
        q.drain(true);
        assertThat(jedis.exists(p + "de:drained", p + "de:delayed")).isZero();
        assertThat(q.add("x", 2, de(Deduplication.untilFinished("drained")))).isNotEqualTo(drained);

        String cleaned = q.add("x", 1, de(Deduplication.untilFinished("cleaned")));
        assertThat(q.clean(JobState.WAITING, Duration.ZERO, 0)).contains(cleaned);
        assertThat(jedis.exists(p + "de:cleaned")).isFalse();

        String removed = q.add("x", 1, de(Deduplication.forDuration("removed", Duration.ofMinutes(5))));
        assertThat(q.remove(removed)).isTrue();
        assertThat(jedis.exists(p + "de:removed")).isFalse();

        q.add("x", 1, JobOptions.builder().removeOnFail(KeepJobs.REMOVE_ALL)
                .deduplication(Deduplication.untilFinished("failed")).build());
        try (Worker w = new Worker("dedup", job -> { throw new IllegalStateException("no"); },
                WorkerOptions.builder().build(), qo).start()) {
            await().atMost(WAIT).until(() -> !jedis.exists(p + "de:failed"));
        }

        q.add("x", 1, de(Deduplication.untilFinished("obliterated")));
        q.pause();
        q.obliterate(false);
        assertThat(jedis.exists(p + "de:obliterated")).isFalse();
        assertThat(delayed).isNotNull();
    }

    @Test
    void aKeyWithoutTtlWhoseJobIsGoneIsFreeAsInBullmq6() {
        String gone = q.add("x", 1, de(Deduplication.untilFinished("stale")));
        jedis.del(p + gone); // deleted by a path that did not release the key (an older client, by hand)
        String fresh = q.add("x", 2, de(Deduplication.untilFinished("stale")));
        assertThat(fresh).isNotEqualTo(gone);
        assertThat(q.getDeduplicationJobId("stale")).contains(fresh);
        // a ttl key deduplicates for its period whether or not its job is still there
        String ttlOwner = q.add("x", 1, de(Deduplication.forDuration("period", Duration.ofMinutes(5))));
        jedis.del(p + ttlOwner);
        assertThat(q.add("x", 2, de(Deduplication.forDuration("period", Duration.ofMinutes(5))))).isEqualTo(ttlOwner);
    }

    @Test
    void replaceKeepsAnOwnerThatIsNoLongerDelayedWithoutAnEvent() {
        Deduplication d = new Deduplication("k", null, false, true);
        String owner = q.add("x", 1, de(d));
        assertThat(q.add("x", 2, JobOptions.builder().delay(60_000).deduplication(d).build())).isEqualTo(owner);
        // BullMQ 6 emits `deduplicated` only when it drops or replaces; a kept non-delayed owner is silent
        assertThat(jedis.xrange(p + "events", "-", "+")).noneMatch(e -> "deduplicated".equals(e.getFields().get("event")));
    }

    @Test
    void badOptionsAreRefusedBeforeRedis() {
        assertThatThrownBy(() -> new Deduplication(" ", null, false, false)).hasMessageContaining("blank");
        assertThatThrownBy(() -> new Deduplication("x", null, true, false)).hasMessageContaining("extend needs a ttl");
        assertThatThrownBy(() -> new Deduplication("x", Duration.ZERO, false, false)).hasMessageContaining("ttl");
    }

    @Test
    void nodeDedupIsHonouredByDroverAndTheReverse() {
        try (NodeBullmq node = NodeBullmq.v6()) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "dedup");
            NodeJob fromNode = nq.add("x", "{}", "{\"deduplication\":{\"id\":\"n1\"}}");
            assertThat(q.add("x", 1, de(Deduplication.untilFinished("n1")))).isEqualTo(fromNode.id());
            String fromDrover = q.add("x", 1, de(Deduplication.forDuration("d1", Duration.ofMinutes(1))));
            NodeJob again = nq.add("x", "{}", "{\"deduplication\":{\"id\":\"d1\",\"ttl\":60000}}");
            assertThat(again.id()).isEqualTo(fromDrover);
            assertThat(q.getJob(fromNode.id()).orElseThrow().opts().deduplication().id()).isEqualTo("n1");
            // a Node worker finishing a Drover-deduplicated job releases the key as Drover would
            String released = q.add("x", 1, de(Deduplication.untilFinished("d2")));
            try (NodeWorker nw = nq.startWorker(1)) {
                nw.awaitProcessed(released, WAIT);
                await().atMost(WAIT).until(() -> !jedis.exists(p + "de:d2"));
            }
            // and a Drover worker releases a Node-deduplicated one
            NodeJob n2 = nq.add("x", "{}", "{\"deduplication\":{\"id\":\"n2\"}}");
            try (Worker w = new Worker("dedup", job -> null, WorkerOptions.builder().build(), qo).start()) {
                await().atMost(WAIT).until(() -> q.getJobState(n2.id()) == JobState.COMPLETED);
            }
            assertThat(jedis.exists(p + "de:n2")).isFalse();
        }
    }
}
