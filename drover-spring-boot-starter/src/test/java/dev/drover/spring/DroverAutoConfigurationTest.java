package dev.drover.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.queue.QueueOptions;
import dev.drover.queue.RedisConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** QueueOptions from spring.data.redis.* and drover.*, in a real application context (no Redis needed). */
class DroverAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DroverAutoConfiguration.class));

    @Test
    void hostPortAndLoginComeFromSpringDataRedis() {
        runner.withPropertyValues("spring.data.redis.host=redis.internal", "spring.data.redis.port=6380",
                "spring.data.redis.username=app", "spring.data.redis.password=s3cret", "spring.data.redis.database=2",
                "spring.data.redis.timeout=2s", "drover.prefix={jobs}", "drover.max-connections=3").run(ctx -> {
            QueueOptions o = ctx.getBean(QueueOptions.class);
            assertThat(o.redis()).isEqualTo(new RedisConfig("redis.internal", 6380, "app", "s3cret", 2, false,
                    Duration.ofSeconds(2)));
            assertThat(o.redis().mode()).isEqualTo(RedisConfig.Mode.STANDALONE);
            assertThat(o.prefix()).isEqualTo("{jobs}");
            assertThat(o.maxConnections()).isEqualTo(3);
        });
    }

    @Test
    void theUrlWinsAndSslMeansTls() {
        runner.withPropertyValues("spring.data.redis.url=redis://u:p%40ss@cache:7000/1",
                "spring.data.redis.host=ignored", "spring.data.redis.ssl.enabled=true").run(ctx -> {
            RedisConfig r = ctx.getBean(QueueOptions.class).redis();
            assertThat(r.host()).isEqualTo("cache");
            assertThat(r.port()).isEqualTo(7000);
            assertThat(r.user()).isEqualTo("u");
            assertThat(r.password()).isEqualTo("p@ss");
            assertThat(r.database()).isEqualTo(1);
            assertThat(r.ssl()).isTrue();
            assertThat(ctx.getBean(QueueOptions.class).prefix()).isEqualTo("bull");
        });
    }

    @Test
    void droverRedisUrlOverridesTheApplicationsRedis() {
        runner.withPropertyValues("spring.data.redis.host=app-cache", "drover.redis-url=rediss://queues:6390")
                .run(ctx -> {
                    RedisConfig r = ctx.getBean(QueueOptions.class).redis();
                    assertThat(r.host()).isEqualTo("queues");
                    assertThat(r.ssl()).isTrue();
                });
    }

    @Test
    void sentinelSettingsNameTheMasterAndTheSentinels() {
        runner.withPropertyValues("spring.data.redis.sentinel.master=mymaster",
                "spring.data.redis.sentinel.nodes=s1:26380, s2, [::1]:26381", "spring.data.redis.sentinel.password=sp",
                "spring.data.redis.password=dp", "spring.data.redis.database=3").run(ctx -> {
            RedisConfig r = ctx.getBean(QueueOptions.class).redis();
            assertThat(r.mode()).isEqualTo(RedisConfig.Mode.SENTINEL);
            assertThat(r.masterName()).isEqualTo("mymaster");
            assertThat(r.nodes()).containsExactly(new RedisConfig.Node("s1", 26380), new RedisConfig.Node("s2", 26379),
                    new RedisConfig.Node("::1", 26381));
            assertThat(r.password()).isEqualTo("dp");
            assertThat(r.sentinelPassword()).isEqualTo("sp");
            assertThat(r.database()).isEqualTo(3);
        });
    }

    @Test
    void clusterSettingsGiveTheSeedNodes() {
        runner.withPropertyValues("spring.data.redis.cluster.nodes=c1:7000,c2:7001", "spring.data.redis.username=u",
                "spring.data.redis.password=p", "drover.prefix={bull}").run(ctx -> {
            RedisConfig r = ctx.getBean(QueueOptions.class).redis();
            assertThat(r.mode()).isEqualTo(RedisConfig.Mode.CLUSTER);
            assertThat(r.nodes()).containsExactly(new RedisConfig.Node("c1", 7000), new RedisConfig.Node("c2", 7001));
            assertThat(r.user()).isEqualTo("u");
        });
    }

    @Test
    void jobDefaultsApplyToQueuesOpenedByTheRegistry() {
        runner.withPropertyValues("spring.data.redis.port=1", "drover.job-defaults.attempts=4",
                "drover.job-defaults.backoff-type=exponential", "drover.job-defaults.backoff-delay=2s",
                "drover.job-defaults.keep-completed=100").run(ctx -> {
            var opts = ctx.getBean(Queues.class).get("emails").defaultJobOptions();
            assertThat(opts.attempts()).isEqualTo(4);
            assertThat(opts.backoff().type()).isEqualTo("exponential");
            assertThat(opts.backoff().delay()).isEqualTo(2000);
            assertThat(opts.removeOnComplete().count()).isEqualTo(100);
        });
    }
}
