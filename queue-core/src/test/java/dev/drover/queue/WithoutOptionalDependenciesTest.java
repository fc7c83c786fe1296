package dev.drover.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * queue-core without Micrometer and OpenTelemetry on the class path: producing, flows and a worker run as usual.
 * Surefire's {@code without-optional-deps} execution runs this class with both left out (and says so with
 * {@code drover.noOptionalDeps=true}); in an ordinary run, where they are present, it is skipped.
 */
@ExtendWith(RedisExtension.class)
class WithoutOptionalDependenciesTest {

    @Test
    void queuesFlowsAndWorkersNeedNeitherMicrometerNorOpenTelemetry(TestRedis redis) {
        boolean absent = absent("io.micrometer.core.instrument.MeterRegistry")
                && absent("io.opentelemetry.api.OpenTelemetry") && absent("io.opentelemetry.context.Context");
        if (Boolean.getBoolean("drover.noOptionalDeps")) {
            assertThat(absent).as("Micrometer and OpenTelemetry left off the class path").isTrue();
        } else {
            Assumptions.assumeTrue(absent, "runs in the without-optional-deps execution only");
        }
        QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix()).build();
        assertThat(qo.telemetry()).isSameAs(Telemetry.NONE);
        try (Queue q = new Queue("plain", qo); FlowProducer flows = new FlowProducer(qo)) {
            q.add("a", 1);
            q.addBulk(List.of(NewJob.of("b", 2)));
            flows.add(FlowJob.of("plain", "parent", null).withChildren(List.of(FlowJob.of("plain", "child", null))));
            try (Worker w = new Worker("plain", job -> job.name(), WorkerOptions.DEFAULTS, qo).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> q.getJobCounts().get(JobState.COMPLETED) == 4);
            }
        }
        assertThatThrownBy(() -> Class.forName("dev.drover.queue.micrometer.QueueMetrics").getConstructors()[0]
                .newInstance((Object) null)).isInstanceOf(NoClassDefFoundError.class);
    }

    private static boolean absent(String className) {
        try {
            Class.forName(className);
            return false;
        } catch (ClassNotFoundException e) {
            return true;
        }
    }
}
