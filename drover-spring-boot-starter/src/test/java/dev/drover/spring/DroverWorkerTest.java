package dev.drover.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A real application context on the test Redis: an injected queue, an annotated worker, meters, a draining close. */
@ExtendWith(RedisExtension.class)
class DroverWorkerTest {

    record Email(String to, LocalDate sendOn) {
    }

    /** The application's code: a producer with an injected queue and an annotated worker method. */
    static class Mailer {
        final Queue emails;
        final List<String> seen = new CopyOnWriteArrayList<>();

        Mailer(@DroverQueue("emails") Queue emails) {
            this.emails = emails;
        }

        @DroverWorker(queue = "emails", concurrency = 2, name = "mailer")
        Map<String, Object> send(Email email, Job job) throws InterruptedException {
            if (email.to().startsWith("slow")) {
                Thread.sleep(1_000); // a job that is still running when the context closes
            }
            seen.add(email.to() + " on " + email.sendOn() + " as " + job.name());
            return Map.of("sentTo", email.to(), "day", email.sendOn());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        Mailer mailer(@DroverQueue("emails") Queue emails) {
            return new Mailer(emails);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private ApplicationContextRunner runner(TestRedis redis) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DroverAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .withPropertyValues("spring.data.redis.url=" + redis.url(), "drover.prefix=" + redis.prefix(),
                        "drover.job-defaults.attempts=3");
    }

    @Test
    void anAnnotatedMethodProcessesJobsAddedThroughTheInjectedQueue(TestRedis redis) {
        runner(redis).run(ctx -> {
            Mailer mailer = ctx.getBean(Mailer.class);
            String id = mailer.emails.add("welcome", Map.of("to", "ana@example.com", "sendOn", "2026-12-24"));
            await().atMost(Duration.ofSeconds(30)).until(() -> mailer.emails.getJobState(id) == JobState.COMPLETED);
            Job job = mailer.emails.getJob(id).orElseThrow();
            assertThat(mailer.seen).containsExactly("ana@example.com on 2026-12-24 as welcome");
            assertThat(job.returnValue().path("sentTo").asText()).isEqualTo("ana@example.com");
            assertThat(job.returnValue().path("day").asText()).isEqualTo("2026-12-24"); // the app's mapper wrote it
            assertThat(job.opts().attempts()).isEqualTo(3);
            assertThat(job.processedBy()).contains("mailer");
            assertThat(ctx.getBean(Queues.class).get("emails")).isSameAs(mailer.emails);
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertThat(meters.get("drover.jobs.completed").tags("queue", "emails", "name", "welcome").counter()
                    .count()).isOne();
            assertThat(meters.get("drover.queue.depth").tags("queue", "emails", "state", "completed").gauge()
                    .value()).isOne();
        });
    }

    @Test
    void closingTheContextLetsRunningJobsFinishAndStartsNoNewOnes(TestRedis redis) {
        runner(redis).withPropertyValues("drover.worker.shutdown-timeout=20s").run(ctx -> {
            Mailer mailer = ctx.getBean(Mailer.class);
            QueueOptions options = ctx.getBean(Queues.class).options();
            String slow = mailer.emails.add("welcome", Map.of("to", "slow@example.com", "sendOn", "2026-12-24"));
            await().atMost(Duration.ofSeconds(30)).until(() -> mailer.emails.getJobState(slow) == JobState.ACTIVE);

            ((ConfigurableApplicationContext) ctx.getSourceApplicationContext()).close(); // returns once drained

            assertThat(mailer.seen).containsExactly("slow@example.com on 2026-12-24 as welcome");
            try (Queue other = new Queue("emails", options)) {
                assertThat(other.getJobState(slow)).isEqualTo(JobState.COMPLETED);
                String later = other.add("welcome", Map.of("to", "late@example.com", "sendOn", "2026-12-25"));
                assertThat(other.getJobState(later)).isEqualTo(JobState.WAITING);
                assertThat(other.getJobCounts().get(JobState.ACTIVE)).isZero();
            }
        });
    }
}
