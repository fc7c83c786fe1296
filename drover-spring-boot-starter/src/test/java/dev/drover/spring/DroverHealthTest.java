package dev.drover.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.Job;
import dev.drover.testing.DedicatedRedisServer;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health indicator against a Redis server of the test's own, killed halfway. */
@ExtendWith(RedisExtension.class)
@DedicatedRedisServer
class DroverHealthTest {

    static class Worker {
        @DroverWorker(queue = "reports")
        String run(Job job) {
            return job.id();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        Worker worker() {
            return new Worker();
        }
    }

    @Test
    void upWhileRedisAnswersAndDownOnceItIsGone(TestRedis redis) {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DroverAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .withPropertyValues("spring.data.redis.url=" + redis.url(), "drover.prefix=" + redis.prefix(),
                        "spring.data.redis.timeout=1s", "drover.queues=reports")
                .run(ctx -> {
                    HealthIndicator indicator = ctx.getBean("droverHealthIndicator", HealthIndicator.class);
                    ctx.getBean(Queues.class).get("reports").add("daily", Map.of());
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        Health up = indicator.health();
                        assertThat(up.getStatus()).isEqualTo(Status.UP);
                        assertThat(up.getDetails().get("queues").toString()).contains("completed=1");
                        assertThat(up.getDetails().get("workers").toString()).contains("reports={", "running=true");
                    });

                    redis.server().kill();

                    Health down = indicator.health();
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails().get("error").toString()).startsWith("redis unreachable");
                    assertThat(down.getDetails().get("redis").toString()).contains("127.0.0.1:" + redis.port());
                });
    }
}
