package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.ManualClock;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reads a dashboard needs beyond the CLI's: queue names with ':', job search, flow roots, finished per minute. */
@ExtendWith(RedisExtension.class)
class QueueAdminReadsTest {

    @Test
    void queueNamesWithAColonAreListedWhenTheyHaveAnEventStreamAndSubKeysAreNot(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        try (Queue plain = new Queue("plain", qo); QueueAdmin admin = new QueueAdmin(qo)) {
            // a queue an older bull made: bullmq 5+ (and Drover's Queue) refuse the name, the admin still serves it
            admin.withQueue("gpu-jobs:h100", gpu -> gpu.add("gpu-job", Map.of()));
            String id = plain.add("p", Map.of());
            plain.getJob(id).orElseThrow().log("a log line makes P:plain:<id>:logs");
            try (var j = redis.jedis()) {
                j.hset(redis.prefix() + ":plain:metrics:completed", "count", "1");
                j.hset(redis.prefix() + ":plain:" + id + ":failed", "x", "y");
            }
            assertThat(admin.queueNames()).containsExactly("gpu-jobs:h100", "plain");
        }
    }

    @Test
    void findJobsMatchesAnIdExactlyAndNamesBySubstringIgnoringCaseNewestFirst(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        try (Queue q = new Queue("emails", qo); QueueAdmin admin = new QueueAdmin(qo)) {
            String first = q.add("Welcome-Mail", Map.of());
            q.add("digest", Map.of());
            String third = q.add("welcome-sms", Map.of());
            assertThat(admin.findJobs("emails", JobState.WAITING, "WELCOME", 10)).extracting(Job::id)
                    .containsExactly(third, first);
            assertThat(admin.findJobs("emails", JobState.WAITING, first, 10)).extracting(Job::id).containsExactly(first);
            assertThat(admin.findJobs("emails", JobState.WAITING, "welcome", 1)).extracting(Job::id).containsExactly(third);
            assertThat(admin.findJobs("emails", JobState.DELAYED, "welcome", 10)).isEmpty();
        }
    }

    @Test
    void flowOfAnyMemberIsTheWholeTreeFromItsRoot(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        try (FlowProducer flows = new FlowProducer(qo); QueueAdmin admin = new QueueAdmin(qo)) {
            FlowJob leaf = FlowJob.of("gpu-jobs:a100", "leaf", Map.of());
            FlowJob mid = FlowJob.of("models", "mid", Map.of()).withChildren(List.of(leaf));
            JobNode added = flows.add(FlowJob.of("batches", "root", Map.of())
                    .withOpts(JobOptions.builder().jobId("r1").build()).withChildren(List.of(mid)));
            JobNode addedMid = added.children().get(0);
            String leafId = addedMid.children().get(0).job().id();

            JobNode tree = admin.flowOf("gpu-jobs:a100", leafId, 5).orElseThrow();
            assertThat(tree.queueName()).isEqualTo("batches");
            assertThat(tree.job().id()).isEqualTo("r1");
            assertThat(tree.children()).singleElement().satisfies(m -> {
                assertThat(m.queueName()).isEqualTo("models");
                assertThat(m.children()).singleElement().extracting(JobNode::queueName).isEqualTo("gpu-jobs:a100");
            });
            assertThat(admin.flowOf("models", addedMid.job().id(), 0).orElseThrow().job().id()).isEqualTo("r1");
            assertThat(admin.flowOf("batches", "nope", 5)).isEmpty();
        }
    }

    @Test
    void finishedPerMinuteCountsKeptFinishedJobsByFinishMinute(TestRedis redis) {
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        ManualClock clock = new ManualClock(Instant.now());
        try (Queue q = new Queue("work", qo);
             QueueAdmin admin = new QueueAdmin(qo.toBuilder().clock(clock).build())) {
            for (int i = 0; i < 3; i++) {
                q.add("ok", Map.of());
            }
            q.add("bad", Map.of());
            try (Worker w = new Worker("work", job -> {
                if (job.name().equals("bad")) {
                    throw new IllegalStateException("no");
                }
                return null;
            }, WorkerOptions.builder().build(), qo).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> q.getJobCounts().get(JobState.COMPLETED) == 3
                        && q.getJobCounts().get(JobState.FAILED) == 1);
            }
            long last = q.getJobs(JobState.COMPLETED, 0, -1).stream()
                    .mapToLong(j -> j.finishedOn().orElseThrow().toEpochMilli()).max().orElseThrow();
            clock.set(Instant.ofEpochMilli(last));
            assertThat(admin.finishedPerMinute("work", MetricsType.COMPLETED, 3).stream().mapToLong(Long::longValue)
                    .sum()).isEqualTo(3);
            clock.set(Instant.ofEpochMilli(last).plus(Duration.ofMinutes(3)));
            List<Long> later = admin.finishedPerMinute("work", MetricsType.COMPLETED, 6);
            assertThat(later.subList(0, 3)).containsOnly(0L);
            assertThat(later.stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
            assertThat(admin.finishedPerMinute("work", MetricsType.FAILED, 6).stream().mapToLong(Long::longValue)
                    .sum()).isEqualTo(1);
        }
    }
}
