package dev.drover.queue.parity;

import static dev.drover.queue.parity.OpGenerator.CHILD;
import static dev.drover.queue.parity.OpGenerator.MAIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.queue.ParentFailurePolicy;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.SharedRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Divergences the differential test found, each as the shrunk sequence that showed it: after every step Drover must
 * leave the state bullmq 6 leaves. Each of these failed before its fix.
 */
@ExtendWith(RedisExtension.class)
class ParityRegressionTest {

    private static NodeBullmq node;

    @BeforeAll
    static void startNode() {
        node = NodeBullmq.v6();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static void assertSameAsBullmq(Op... ops) {
        String url = SharedRedis.url();
        ParityRun run = new ParityRun(url, ParityRun.Setup.bullmqVersusDrover(node, Profile.BULLMQ_6));
        Optional<ParityRun.Divergence> d = run.run(List.of(ops), 0);
        assertThat(d).as(() -> d.map(x -> String.join("\n", x.trace()) + "\n" + String.join("\n", x.diffs()))
                .orElse("")).isEmpty();
    }

    private static Op.Add add(String queue, JobSpec spec) {
        return new Op.Add(queue, "job", "{\"n\":1}", spec);
    }

    private static JobSpec delayed(long ms) {
        return new JobSpec(null, ms, 0, false, 0, null, 0, 0, null, null, null, 0, false, false,
                ParentFailurePolicy.WAIT);
    }

    private static JobSpec retried(long backoffMs) {
        return new JobSpec(null, 0, 0, false, 3, backoffMs > 0 ? "fixed" : null, backoffMs, 0, null, null, null, 0,
                false, false, ParentFailurePolicy.WAIT);
    }

    private static JobSpec priority(int p) {
        return new JobSpec(null, 0, p, false, 0, null, 0, 0, null, null, null, 0, false, false,
                ParentFailurePolicy.WAIT);
    }

    @Test
    void anUpsertThatDeletesARunningSchedulerJobLeavesItsLock() {
        // the cron slot's job runs; an upsert re-queues that slot's job, the next one (now `every`) deletes it
        assertSameAsBullmq(
                new Op.UpsertScheduler(MAIN, "s2", 0, "0 * * * *", 2, "sched", "{\"n\":1}", JobSpec.PLAIN),
                new Op.Promote(MAIN, Op.Ref.in("delayed", 0)),
                new Op.Fetch(MAIN, "wA", "t1"),
                new Op.UpsertScheduler(MAIN, "s2", 0, "0 * * * *", null, "sched", "{\"n\":2}", priority(1)),
                new Op.UpsertScheduler(MAIN, "s2", 60_000, null, null, "sched", "{\"n\":3}", priority(2)));
    }

    @Test
    void optsHoldOnlyTheOptionsGiven() {
        assertSameAsBullmq(add(MAIN, JobSpec.PLAIN), add(MAIN, delayed(1_000)));
    }

    @Test
    void theIdCounterMovesForCustomIdsToo() {
        assertSameAsBullmq(add(MAIN, JobSpec.PLAIN.withJobId("a")), add(MAIN, JobSpec.PLAIN),
                add(MAIN, JobSpec.PLAIN.withJobId("a")));
    }

    @Test
    void aDelayedJobAddedWhilePausedStillSetsTheDelayMarker() {
        assertSameAsBullmq(new Op.Pause(MAIN), add(MAIN, delayed(5_000)));
    }

    @Test
    void theDelayMarkerIsTheExactScoreOverFourThousandNinetySix() {
        assertSameAsBullmq(add(MAIN, delayed(5_000).withJobId("a")), add(MAIN, delayed(5_000)),
                new Op.ChangeDelay(MAIN, Op.Ref.id("a"), 30_000));
    }

    @Test
    void aRemovedEventNamesTheKeyTheJobLeft() {
        assertSameAsBullmq(add(MAIN, JobSpec.PLAIN), new Op.Remove(MAIN, Op.Ref.id("1")));
    }

    @Test
    void everyFinalFailureWithNoAttemptsLeftAnnouncesRetriesExhausted() {
        // a third job keeps the queue from draining (drained is not what this is about)
        assertSameAsBullmq(add(MAIN, JobSpec.PLAIN), add(MAIN, JobSpec.PLAIN), add(MAIN, JobSpec.PLAIN),
                new Op.Fetch(MAIN, "wA", "t1"), new Op.Fail("t1", "no", true, false, 0.5),
                new Op.Fetch(MAIN, "wA", "t1"), new Op.Fail("t1", "no", false, false, 0.5));
    }

    @Test
    void aChildsCompletedEventFollowsItsParentsWaitingEvent() {
        Op.FlowNode child = new Op.FlowNode(MAIN, "c", "{}", JobSpec.PLAIN.withJobId("c1"), List.of());
        assertSameAsBullmq(new Op.AddFlow(new Op.FlowNode(MAIN, "p", "{}", JobSpec.PLAIN.withJobId("p1"),
                        List.of(child))),
                new Op.Fetch(MAIN, "wA", "t1"), new Op.Complete("t1", "{}", false));
    }

    @Test
    void fetchingSetsTheWorkMarkerAndKeepsThePriorityCounter() {
        assertSameAsBullmq(add(CHILD, priority(2)), add(CHILD, JobSpec.PLAIN), new Op.Fetch(CHILD, "wA", "t1"),
                new Op.Fetch(CHILD, "wA", "t2"), new Op.Fetch(CHILD, "wA", "t3"));
    }

    @Test
    void aManualRateLimitHoldsOnlyTheWorkerThatSetItWhenNoneHasALimiter() {
        assertSameAsBullmq(add(MAIN, JobSpec.PLAIN), add(MAIN, JobSpec.PLAIN), new Op.Fetch(MAIN, "wA", "t1"),
                new Op.RateLimit("t1", 600_000), new Op.Fetch(MAIN, "wA", "t2"), new Op.Fetch(MAIN, "wB", "t3"));
    }

    @Test
    void jobSchedulersAreStoredReplacedAndAdvancedAsBullmqDoes() {
        Op every = new Op.UpsertScheduler(MAIN, "s1", 2_000, null, 3, "sched", "{\"n\":1}", JobSpec.PLAIN);
        Op cron = new Op.UpsertScheduler(MAIN, "s2", 0, "*/10 * * * * *", null, "cron", "{}", priority(2));
        assertSameAsBullmq(every, cron, new Op.Fetch(MAIN, "wA", "t1"), new Op.Advance(10_000),
                new Op.Fetch(MAIN, "wA", "t2"), new Op.Fetch(MAIN, "wB", "t3"),
                new Op.UpsertScheduler(MAIN, "s1", 2_000, null, 3, "sched", "{\"n\":2}", JobSpec.PLAIN),
                new Op.UpsertScheduler(MAIN, "s2", 5_000, null, null, "now every", "{}", JobSpec.PLAIN),
                new Op.Fetch(MAIN, "wA", "t1"), new Op.RemoveScheduler(MAIN, "s1"));
    }

    @Test
    void changePriorityWorksInAnyStateAsBullmqs() {
        assertSameAsBullmq(add(MAIN, JobSpec.PLAIN), add(MAIN, priority(3)), add(MAIN, delayed(5_000)),
                new Op.Fetch(MAIN, "wA", "t1"), new Op.ChangePriority(MAIN, Op.Ref.id("1"), 2, false),
                new Op.ChangePriority(MAIN, Op.Ref.id("2"), 1, true), new Op.ChangePriority(MAIN, Op.Ref.id("3"), 4,
                        false), new Op.Pause(MAIN), new Op.ChangePriority(MAIN, Op.Ref.id("2"), 0, false));
    }

    @Test
    void aRateLimitedJobGoesBackFirstOfItsPriorityAndOnlyWhileItsLockHolds() {
        assertSameAsBullmq(add(CHILD, priority(4)), add(CHILD, priority(4)), new Op.Fetch(CHILD, "wA", "t1"),
                new Op.RateLimit("t1", 600_000), new Op.Fetch(CHILD, "wB", "t2"), new Op.LoseLock("t2"),
                new Op.RateLimit("t2", 600_000));
    }

    @Test
    void stalledJobsGoBackToWaitWithBullmqsEventsAndDeferredFailure() {
        Op check = new Op.StalledCheck(MAIN);
        assertSameAsBullmq(new Op.UpsertScheduler(MAIN, "s1", 60_000, null, null, "sched", "{}", JobSpec.PLAIN),
                add(MAIN, JobSpec.PLAIN), new Op.Fetch(MAIN, "wA", "t1"), new Op.Fetch(MAIN, "wA", "t2"),
                new Op.RemoveScheduler(MAIN, "s1"), check, new Op.LoseLock("t1"), new Op.LoseLock("t2"), check,
                new Op.Fetch(MAIN, "wA", "t1"), new Op.Fetch(MAIN, "wA", "t2"), check, new Op.LoseLock("t1"),
                new Op.LoseLock("t2"), check);
    }

    @Test
    void aRetryAfterABackoffFetchesTheNextJobAndAnImmediateRetryPromotesDueJobsFirst() {
        assertSameAsBullmq(add(MAIN, retried(1_000)), add(MAIN, JobSpec.PLAIN), add(MAIN, retried(0)),
                add(MAIN, delayed(500)), new Op.Fetch(MAIN, "wA", "t1"),
                new Op.Fail("t1", "again", false, true, 0.5), new Op.Advance(500),
                new Op.Fetch(MAIN, "wB", "t2"), new Op.Fail("t2", "again", false, true, 0.5),
                new Op.Fail("t1", "again", false, true, 0.5));
    }

    @Test
    void aFlowIsAddedLevelByLevelAsBullmqAddsIt() {
        Op.FlowNode g1 = new Op.FlowNode(CHILD, "g", "{}", JobSpec.PLAIN.withJobId("g1"), List.of());
        Op.FlowNode g2 = new Op.FlowNode(CHILD, "g", "{}", JobSpec.PLAIN.withJobId("g2"), List.of());
        Op.FlowNode c1 = new Op.FlowNode(CHILD, "c", "{}", JobSpec.PLAIN.withJobId("c1"), List.of(g1));
        Op.FlowNode c2 = new Op.FlowNode(MAIN, "c", "{}", JobSpec.PLAIN.withJobId("c2"), List.of());
        Op.FlowNode c3 = new Op.FlowNode(CHILD, "c", "{}", JobSpec.PLAIN.withJobId("c3"), List.of(g2));
        assertSameAsBullmq(new Op.AddFlow(new Op.FlowNode(MAIN, "p", "{}", JobSpec.PLAIN.withJobId("p"),
                List.of(c1, c2, c3))));
    }

    @Test
    void changingADelayToTheSameTimeTakesTheNextSlotOfThatMillisecond() {
        assertSameAsBullmq(add(MAIN, delayed(1_000)), new Op.ChangeDelay(MAIN, Op.Ref.id("1"), 2_000),
                new Op.ChangeDelay(MAIN, Op.Ref.id("1"), 2_000));
    }

    @Test
    void finishingAnotherJobEndsTheWorkersRateLimitWaitAsInBullmq() {
        assertSameAsBullmq(add(MAIN, JobSpec.PLAIN), add(MAIN, JobSpec.PLAIN), new Op.Fetch(MAIN, "wB", "t1"),
                new Op.Fetch(MAIN, "wB", "t2"), new Op.RateLimit("t2", 900_000),
                new Op.Complete("t1", "{}", false), new Op.Fetch(MAIN, "wB", "t3"));
    }
}
