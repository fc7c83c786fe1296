package dev.drover.spring;

import dev.drover.queue.Backoff;
import dev.drover.queue.JobOptions;
import dev.drover.queue.KeepJobs;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.RedisConfig;
import dev.drover.queue.Telemetry;
import dev.drover.queue.micrometer.QueueMetrics;
import dev.drover.queue.opentelemetry.QueueTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drover for a Spring Boot application: {@link QueueOptions} from {@code spring.data.redis.*} and {@code drover.*},
 * the {@link Queues} registry and {@link DroverQueue @DroverQueue} beans, {@link DroverWorker @DroverWorker} methods
 * run by {@link DroverWorkers}, a health indicator, and Micrometer meters and OpenTelemetry spans when the
 * application has a {@code MeterRegistry} or an {@code OpenTelemetry}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@EnableConfigurationProperties(DroverProperties.class)
public class DroverAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public QueueOptions droverQueueOptions(DroverProperties drover, Environment environment,
                                           ObjectProvider<SslBundles> sslBundles, ObjectProvider<Telemetry> telemetry) {
        RedisConfig redis;
        if (StringUtils.hasText(drover.getRedisUrl())) {
            redis = RedisConfig.fromUrl(drover.getRedisUrl());
        } else {
            SpringRedisSettings settings = SpringRedisSettings.from(environment);
            SSLSocketFactory factory = settings.sslBundle() == null ? null
                    : sslBundles.getObject().getBundle(settings.sslBundle()).createSslContext().getSocketFactory();
            redis = settings.toRedisConfig(factory);
        }
        return QueueOptions.builder().redis(redis).prefix(drover.getPrefix())
                .maxConnections(drover.getMaxConnections())
                .telemetry(Telemetry.of(telemetry.orderedStream().toArray(Telemetry[]::new))).build();
    }

    @Bean
    @ConditionalOnMissingBean
    public Queues droverQueues(QueueOptions options, DroverProperties drover, ObjectProvider<QueueWatcher> watchers) {
        List<Consumer<Queue>> onOpen = watchers.orderedStream().map(w -> (Consumer<Queue>) w::opened).toList();
        return new Queues(options, jobDefaults(drover.getJobDefaults()), onOpen);
    }

    static JobOptions jobDefaults(DroverProperties.JobDefaults d) {
        JobOptions.Builder b = JobOptions.builder().attempts(d.getAttempts())
                .removeOnComplete(keep(d.getKeepCompleted())).removeOnFail(keep(d.getKeepFailed()));
        if (StringUtils.hasText(d.getBackoffType())) {
            long delay = d.getBackoffDelay().toMillis();
            b.backoff(switch (d.getBackoffType()) {
                case "fixed" -> Backoff.fixed(delay);
                case "exponential" -> Backoff.exponential(delay);
                default -> throw new IllegalArgumentException("drover.job-defaults.backoff-type must be fixed or "
                        + "exponential, got " + d.getBackoffType());
            });
        }
        return b.build();
    }

    private static KeepJobs keep(int count) {
        return count < 0 ? KeepJobs.KEEP_ALL : new KeepJobs(count, 0);
    }

    @Bean
    public static QueueBeanRegistrar droverQueueBeanRegistrar() {
        return new QueueBeanRegistrar();
    }

    @Bean
    @ConditionalOnMissingBean
    public DroverWorkers droverWorkers(QueueOptions options, DroverProperties drover) {
        return new DroverWorkers(options, drover.getWorker().getShutdownTimeout(), drover.getWorker().isAutoStartup());
    }

    @Bean
    public static DroverWorkerPostProcessor droverWorkerPostProcessor(ObjectProvider<DroverWorkers> workers,
                                                                      ObjectProvider<PayloadMapper> mapper,
                                                                      Environment environment) {
        DroverProperties.WorkerDefaults defaults = org.springframework.boot.context.properties.bind.Binder
                .get(environment).bind("drover.worker", DroverProperties.WorkerDefaults.class)
                .orElseGet(DroverProperties.WorkerDefaults::new);
        return new DroverWorkerPostProcessor(workers, mapper, defaults);
    }

    /** Job data mapped with Spring Boot 4's Jackson 3 {@code JsonMapper}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class Jackson3 {
        @Bean
        @ConditionalOnMissingBean
        PayloadMapper droverPayloadMapper(ObjectProvider<JsonMapper> mapper) {
            JsonMapper m = mapper.getIfAvailable();
            return m != null ? new Jackson3PayloadMapper(m) : jackson2Fallback(null);
        }
    }

    /** Without Jackson 3 (member classes come first): the application's Jackson 2 {@code ObjectMapper}, or a plain one. */
    @Bean
    @ConditionalOnMissingBean(PayloadMapper.class)
    PayloadMapper droverJackson2PayloadMapper(ObjectProvider<com.fasterxml.jackson.databind.ObjectMapper> mapper) {
        return jackson2Fallback(mapper.getIfAvailable());
    }

    static PayloadMapper jackson2Fallback(com.fasterxml.jackson.databind.ObjectMapper mapper) {
        return PayloadMapper.jackson2(mapper != null ? mapper : new com.fasterxml.jackson.databind.ObjectMapper()
                .findAndRegisterModules());
    }

    /** Meters through queue-core's {@link QueueMetrics} in the application's {@code MeterRegistry}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBooleanProperty(name = "drover.metrics.enabled", matchIfMissing = true)
    static class Metrics {
        @Bean
        Telemetry droverMetrics(ObjectProvider<MeterRegistry> registry) {
            MeterRegistry r = registry.getIfAvailable();
            return r == null ? Telemetry.NONE : new QueueMetrics(r);
        }

        @Bean
        QueueWatcher droverQueueDepth(ObjectProvider<Telemetry> telemetry) {
            return queue -> telemetry.orderedStream().filter(QueueMetrics.class::isInstance)
                    .forEach(m -> ((QueueMetrics) m).watchQueue(queue));
        }
    }

    /** Spans through queue-core's {@link QueueTracing} with the application's {@code OpenTelemetry}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OpenTelemetry.class)
    @ConditionalOnBooleanProperty(name = "drover.tracing.enabled", matchIfMissing = true)
    static class Tracing {
        @Bean
        Telemetry droverTracing(ObjectProvider<OpenTelemetry> openTelemetry) {
            OpenTelemetry otel = openTelemetry.getIfAvailable();
            return otel == null ? Telemetry.NONE : QueueTracing.create(otel);
        }
    }

    /** {@code drover} in the actuator's health. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "droverHealthIndicator")
        DroverHealthIndicator droverHealthIndicator(Queues queues, DroverWorkers workers) {
            return new DroverHealthIndicator(queues, workers);
        }
    }
}
