package dev.drover.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.Job;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.RedisConfig;
import dev.drover.testing.RedisClusterExtension;
import dev.drover.testing.redis.LocalRedisCluster;
import dev.drover.testing.redis.LocalRedisSentinel;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.HostAndPort;

/**
 * The starter on replicated Redis, configured only through Spring's own {@code spring.data.redis.sentinel.*} and
 * {@code spring.data.redis.cluster.*}: an injected queue and an annotated worker run a job, and health is UP with
 * every master answering.
 */
@ExtendWith(RedisClusterExtension.class)
class DroverReplicatedRedisTest {

    static class Reports {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @DroverWorker(queue = "reports")
        String run(Map<String, Object> data, Job job) {
            seen.add(job.name() + " " + data.get("day"));
            return "done";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        Reports reports() {
            return new Reports();
        }
    }

    @Test
    void sentinelSettingsFindTheMaster(LocalRedisSentinel sentinel) {
        runner("spring.data.redis.sentinel.master=" + LocalRedisSentinel.MASTER_NAME,
                "spring.data.redis.sentinel.nodes=" + addresses(sentinel.sentinels()),
                "drover.prefix=s" + unique()).run(ctx -> {
            assertThat(ctx.getBean(Queues.class).options().redis().mode()).isEqualTo(RedisConfig.Mode.SENTINEL);
            runsAJobAndIsHealthy(ctx);
        });
    }

    @Test
    void clusterSettingsReachEveryShard(LocalRedisCluster cluster) {
        runner("spring.data.redis.cluster.nodes=" + addresses(cluster.nodes()),
                "drover.prefix={c" + unique() + "}").run(ctx -> {
            assertThat(ctx.getBean(Queues.class).options().redis().mode()).isEqualTo(RedisConfig.Mode.CLUSTER);
            runsAJobAndIsHealthy(ctx);
        });
    }

    private static void runsAJobAndIsHealthy(AssertableApplicationContext ctx) {
        Queue queue = ctx.getBean(Queues.class).get("reports");
        String id = queue.add("daily", Map.of("day", "2026-12-24"));
        await().atMost(Duration.ofSeconds(60)).until(() -> queue.getJobState(id) == JobState.COMPLETED);
        assertThat(ctx.getBean(Reports.class).seen).containsExactly("daily 2026-12-24");
        Health health = ctx.getBean("droverHealthIndicator", HealthIndicator.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("queues").toString()).contains("completed=1");
    }

    private static ApplicationContextRunner runner(String... properties) {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DroverAutoConfiguration.class))
                .withUserConfiguration(App.class).withPropertyValues(properties);
    }

    private static String addresses(Collection<HostAndPort> nodes) {
        return nodes.stream().map(n -> n.getHost() + ":" + n.getPort()).collect(Collectors.joining(","));
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
