package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** The worker's lifecycle of a job: complete, fail, retry with backoff, delay, priority order, graceful close. */
@ExtendWith(RedisExtension.class)
class WorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final QueueOptions qo;
    private final Queue queue;
    private final Jedis jedis;
    private final String p;
    private final List<Worker> workers = new ArrayList<>();

    WorkerTest(TestRedis redis) {
        this.qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        this.queue = new Queue("jobs", qo);
        this.jedis = redis.jedis();
        this.p = redis.prefix() + ":jobs:";
    }

    private Worker worker(Processor processor, WorkerOptions options) {
        Worker w = new Worker("jobs", processor, options, qo).start();
        workers.add(w);
        return w;
    }

    @AfterEach
    void close() {
        workers.forEach(w -> w.close(Duration.ofSeconds(5)));
        queue.close();
        jedis.close();
    }

    @Test
    void aRunningJobKnowsItsQueueAndTheLockTokenAndAttemptItRunsUnder() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        worker(job -> {
            seen.add(job.queueName() + " " + job.lockToken().orElse("none") + " " + job.attemptsStarted() + " "
                    + jedis.get(p + job.id() + ":lock"));
            if (job.attemptsStarted() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return null;
        }, WorkerOptions.builder().build());
        String id = queue.add("x", Map.of(), JobOptions.builder().attempts(2).build());
        await().atMost(WAIT).until(() -> queue.getJobState(id) == JobState.COMPLETED);

        assertThat(seen).hasSize(2);
        String[] first = seen.get(0).split(" ");
        String[] second = seen.get(1).split(" ");
        assertThat(first[0]).isEqualTo("jobs");
        assertThat(first[1]).isEqualTo(first[3]).isNotEqualTo(second[1]);
        assertThat(second[1]).isEqualTo(second[3]);
        assertThat(first[2]).isEqualTo("1");
        assertThat(second[2]).isEqualTo("2");
        assertThat(queue.getJob(id).orElseThrow().lockToken()).isEmpty();
        assertThat(queue.getJob(id).orElseThrow().queueName()).isEqualTo("jobs");
    }

    @Test
    void completesJobsStoringTheReturnValueAndFinishedState() {
        worker(job -> Map.of("echo", job.data().get("n").asInt()), WorkerOptions.builder().name("w1").build());
        String id = queue.add("echo", Map.of("n", 7));
        await().atMost(WAIT).until(() -> queue.getJobState(id) == JobState.COMPLETED);
        Map<String, String> h = jedis.hgetAll(p + id);
        assertThat(h).containsEntry("returnvalue", "{\"echo\":7}").containsEntry("atm", "1").containsEntry("ats", "1")
                .containsEntry("pb", "w1").containsKeys("processedOn", "finishedOn");
        assertThat(jedis.exists(p + id + ":lock")).isFalse();
        assertThat(jedis.llen(p + "active")).isZero();
        assertThat(jedis.xrange(p + "events", "-", "+")).extracting(e -> e.getFields().get("event"))
                .contains("active", "completed");
    }

    @Test
    void retriesWithFixedBackoffThroughDelayedThenCompletes() {
        AtomicInteger calls = new AtomicInteger();
        worker(job -> {
            if (calls.incrementAndGet() < 3) throw new IllegalStateException("flaky " + calls.get());
            return "ok";
        }, WorkerOptions.DEFAULTS);
        String id = queue.add("x", 1, JobOptions.builder().attempts(3).backoff(Backoff.fixed(200)).build());
        await().atMost(WAIT).until(() -> queue.getJobState(id) == JobState.COMPLETED);
        Job job = queue.getJob(id).orElseThrow();
        assertThat(job.attemptsMade()).isEqualTo(3);
        assertThat(job.attemptsStarted()).isEqualTo(3);
        assertThat(job.stacktrace()).hasSize(2);
        assertThat(job.failedReason()).contains("flaky 2");
        assertThat(jedis.xrange(p + "events", "-", "+")).extracting(e -> e.getFields().get("event"))
                .contains("delayed", "waiting", "completed");
    }

    @Test
    void failsForGoodAfterTheLastAttemptWithReasonAndStacktrace() {
        worker(job -> { throw new IllegalArgumentException("bad input"); }, WorkerOptions.DEFAULTS);
        String id = queue.add("x", 1, JobOptions.builder().attempts(2).build());
        await().atMost(WAIT).until(() -> queue.getJobState(id) == JobState.FAILED);
        Job job = queue.getJob(id).orElseThrow();
        assertThat(job.failedReason()).contains("bad input");
        assertThat(job.attemptsMade()).isEqualTo(2);
        assertThat(job.stacktrace()).hasSize(2).allMatch(s -> s.contains("IllegalArgumentException"));
        assertThat(jedis.xrange(p + "events", "-", "+")).extracting(e -> e.getFields().get("event"))
                .contains("failed", "retries-exhausted");
    }

    @Test
    void unrecoverableFailsAtOnceAndBadDataOrUnknownNameFailWithAReason() {
        worker(Processor.byName(Map.of("known", job -> {
            throw new UnrecoverableJobException("give up");
        })), WorkerOptions.DEFAULTS);
        String unrecoverable = queue.add("known", 1, JobOptions.builder().attempts(5).build());
        String unknown = queue.add("mystery", 1, JobOptions.builder().attempts(5).build());
        jedis.hset(p + "bad", Map.of("name", "known", "data", "{oops", "opts", "{\"attempts\":5}", "timestamp", "1"));
        jedis.lpush(p + "wait", "bad");
        await().atMost(WAIT).until(() -> queue.getJobCounts().get(JobState.FAILED) == 3);
        assertThat(queue.getJob(unrecoverable).orElseThrow().failedReason()).contains("give up");
        assertThat(queue.getJob(unrecoverable).orElseThrow().attemptsMade()).isEqualTo(1);
        assertThat(queue.getJob(unknown).orElseThrow().failedReason()).get().asString().contains("'mystery'");
        assertThat(queue.getJob("bad").orElseThrow().failedReason()).get().asString().contains("not valid JSON");
    }

    @Test
    void runsPrioritizedJobsInPriorityOrderAfterPlainOnes() {
        queue.add("x", "p5", JobOptions.builder().priority(5).build());
        queue.add("x", "p1", JobOptions.builder().priority(1).build());
        queue.add("x", "plain", JobOptions.DEFAULTS);
        queue.add("x", "p1b", JobOptions.builder().priority(1).build());
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        worker(job -> order.add(job.data().asText()), WorkerOptions.DEFAULTS);
        await().atMost(WAIT).until(() -> order.size() == 4);
        assertThat(order).containsExactly("plain", "p1", "p1b", "p5");
        assertThat(jedis.exists(p + "pc")).isFalse();
    }

    @Test
    void delayedJobsRunOnceDueWithoutPolling() {
        List<Long> ranAt = Collections.synchronizedList(new ArrayList<>());
        worker(job -> ranAt.add(System.currentTimeMillis()), WorkerOptions.DEFAULTS);
        long added = System.currentTimeMillis();
        String id = queue.add("x", 1, JobOptions.builder().delay(1500).build());
        await().atMost(WAIT).until(() -> queue.getJobState(id) == JobState.COMPLETED);
        assertThat(ranAt.get(0) - added).isGreaterThanOrEqualTo(1400);
        assertThat(jedis.hget(p + id, "delay")).isEqualTo("0");
    }

    @Test
    void delayOutcomeMovesToDelayedWithoutCountingAnAttempt() {
        AtomicInteger calls = new AtomicInteger();
        worker(job -> calls.incrementAndGet() == 1
                ? JobOutcome.delayUntil(Instant.now().plusMillis(300)) : "done", WorkerOptions.DEFAULTS);
        String id = queue.add("x", 1);
        await().atMost(WAIT).until(() -> queue.getJobState(id) == JobState.COMPLETED);
        assertThat(queue.getJob(id).orElseThrow().attemptsMade()).isEqualTo(1);
        assertThat(queue.getJob(id).orElseThrow().attemptsStarted()).isEqualTo(2);
    }

    @Test
    void aPausedWorkerTakesNoNewJobNeitherByFetchNorWhenARunningJobFinishesUntilResumed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Worker w = worker(job -> job.name().equals("long") ? release.await(20, TimeUnit.SECONDS) : "ok",
                WorkerOptions.builder().concurrency(2).build());
        String running = queue.add("long", 1);
        await().atMost(WAIT).until(() -> queue.getJobState(running) == JobState.ACTIVE);

        w.pause();
        String idle = queue.add("short", 1);  // a free slot would fetch it
        release.countDown();                  // the finishing job would fetch the next one in the same call
        await().atMost(WAIT).until(() -> queue.getJobState(running) == JobState.COMPLETED);
        String later = queue.add("short", 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> queue.getJobState(idle) == JobState.WAITING && queue.getJobState(later) == JobState.WAITING);
        assertThat(w.isPaused()).isTrue();

        w.resume();
        await().atMost(WAIT).until(() -> queue.getJobState(idle) == JobState.COMPLETED
                && queue.getJobState(later) == JobState.COMPLETED);
        assertThat(w.isPaused()).isFalse();
    }

    @Test
    void removeOnCompleteAndKeepCountTrimFinishedJobs() {
        worker(job -> "ok", WorkerOptions.builder().concurrency(4).build());
        String gone = queue.add("x", 1, JobOptions.builder().removeOnComplete(true).build());
        for (int i = 0; i < 5; i++) {
            queue.add("x", i, JobOptions.builder().removeOnComplete(KeepJobs.count(2)).build());
        }
        await().atMost(WAIT).until(() -> queue.getJobCounts().get(JobState.WAITING) == 0
                && queue.getJobCounts().get(JobState.ACTIVE) == 0);
        assertThat(jedis.exists(p + gone)).isFalse();
        assertThat(jedis.zcard(p + "completed")).isEqualTo(2);
    }

    @Test
    void concurrencyRunsJobsInParallelOnVirtualThreads() throws Exception {
        CountDownLatch allIn = new CountDownLatch(5);
        worker(job -> {
            allIn.countDown();
            return allIn.await(20, TimeUnit.SECONDS);
        }, WorkerOptions.builder().concurrency(5).build());
        for (int i = 0; i < 5; i++) queue.add("x", i);
        assertThat(allIn.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> queue.getJobCounts().get(JobState.COMPLETED) == 5);
        assertThat(queue.getJobs(JobState.COMPLETED, 0, -1)).allMatch(j -> j.returnValue().asBoolean());
    }

    @Test
    void theThreadsWaitingOnRedisRepliesArePlatformThreadsAndConcurrentSlotsVirtualOnes() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Worker single = worker(job -> seen.add("1:" + Thread.currentThread().isVirtual()),
                WorkerOptions.builder().name("single").concurrency(1).build());
        for (int i = 0; i < 3; i++) queue.add("x", i);
        await().atMost(WAIT).until(() -> seen.size() == 3);
        single.close(Duration.ofSeconds(5));
        worker(job -> seen.add("4:" + Thread.currentThread().isVirtual()),
                WorkerOptions.builder().name("pooled").concurrency(4).build());
        for (int i = 0; i < 3; i++) queue.add("x", i);
        await().atMost(WAIT).until(() -> seen.size() == 6);
        assertThat(seen).containsExactly("1:false", "1:false", "1:false", "4:true", "4:true", "4:true");
        // Thread.getAllStackTraces lists platform threads only
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .anyMatch(n -> n.startsWith("drover-fetch-") && n.contains("pooled"));
    }

    @Test
    void closeWaitsForRunningJobsThenReleasesTheRestToWait() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Worker w = new Worker("jobs", job -> {
            started.countDown();
            Thread.sleep(60_000); // a job that ignores the deadline
            return "never";
        }, WorkerOptions.DEFAULTS, qo).start();
        String id = queue.add("x", 1);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        w.close(Duration.ofMillis(300));
        assertThat(queue.getJobState(id)).isEqualTo(JobState.WAITING);
        assertThat(jedis.exists(p + id + ":lock")).isFalse();
        AtomicInteger ran = new AtomicInteger();
        worker(job -> ran.incrementAndGet(), WorkerOptions.DEFAULTS);
        await().atMost(WAIT).until(() -> queue.getJobState(id) == JobState.COMPLETED);
        assertThat(ran.get()).isEqualTo(1);
    }
}
