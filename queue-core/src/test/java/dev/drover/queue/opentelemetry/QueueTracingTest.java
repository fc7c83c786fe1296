package dev.drover.queue.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.queue.FlowJob;
import dev.drover.queue.FlowProducer;
import dev.drover.queue.JobState;
import dev.drover.queue.NewJob;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Producer and consumer spans from Drover alone: one trace from the caller through the add to the processor. */
@ExtendWith(RedisExtension.class)
class QueueTracingTest {

    @Test
    void aJobCarriesItsProducersTraceToTheProcessor(TestRedis redis) {
        try (Otel otel = Otel.start()) {
            QueueOptions qo = options(redis, otel);
            Tracer tracer = otel.sdk().getTracer("test");
            String id;
            Span request = tracer.spanBuilder("http request").startSpan();
            try (Scope ignored = request.makeCurrent(); Queue q = new Queue("traced", qo)) {
                id = q.add("resize", Map.of("w", 10));
            } finally {
                request.end();
            }
            try (Worker w = new Worker("traced", job -> {
                tracer.spanBuilder("inside processor").startSpan().end();
                return "done";
            }, WorkerOptions.builder().name("w1").build(), qo).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> otel.spans("process traced").size() == 1);
            }
            SpanData add = otel.span("add traced.resize");
            SpanData process = otel.span("process traced");
            SpanData inside = otel.span("inside processor");
            assertThat(add.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(add.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            assertThat(add.getAttributes().get(QueueTracing.JOB_ID)).isEqualTo(id);
            assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(process.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(process.getParentSpanId()).isEqualTo(add.getSpanId());
            assertThat(process.getAttributes().get(QueueTracing.JOB_ID)).isEqualTo(id);
            assertThat(process.getAttributes().get(QueueTracing.WORKER_NAME)).isEqualTo("w1");
            assertThat(inside.getParentSpanId()).isEqualTo(process.getSpanId());
            try (Jedis j = redis.jedis()) {
                assertThat(j.hget(redis.prefix() + ":traced:" + id, "opts"))
                        .contains("\"tm\":\"{\\\"traceparent\\\":\\\"00-" + add.getTraceId() + "-" + add.getSpanId());
            }
        }
    }

    @Test
    void aFailedAttemptEndsItsSpanWithTheError(TestRedis redis) {
        try (Otel otel = Otel.start(); Queue q = new Queue("failing", options(redis, otel))) {
            String id = q.add("boom", "x");
            try (Worker w = new Worker("failing", job -> {
                throw new IllegalStateException("disk full");
            }, WorkerOptions.DEFAULTS, options(redis, otel)).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> q.getJobState(id) == JobState.FAILED);
                await().atMost(Duration.ofSeconds(5)).until(() -> otel.spans("process failing").size() == 1);
            }
            SpanData process = otel.span("process failing");
            assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(process.getEvents()).anyMatch(e -> e.getName().equals("exception"));
            assertThat(process.getTraceId()).isEqualTo(otel.span("add failing.boom").getTraceId());
        }
    }

    @Test
    void bulkAndFlowAddsShareOneProducerSpan(TestRedis redis) {
        try (Otel otel = Otel.start(); Queue q = new Queue("many", options(redis, otel));
             FlowProducer flows = new FlowProducer(options(redis, otel))) {
            List<String> ids = q.addBulk(List.of(NewJob.of("a", 1), NewJob.of("b", 2)));
            var root = flows.add(FlowJob.of("many", "parent", null).withChildren(List.of(FlowJob.of("kids", "child",
                    null))));
            SpanData bulk = otel.span("addBulk many");
            SpanData flow = otel.span("addFlow many");
            assertThat(bulk.getAttributes().get(QueueTracing.JOB_IDS)).isEqualTo(ids);
            assertThat(flow.getAttributes().get(QueueTracing.JOB_ID)).isEqualTo(root.job().id());
            try (Jedis j = redis.jedis()) {
                for (String id : ids) {
                    assertThat(j.hget(redis.prefix() + ":many:" + id, "opts")).contains(bulk.getSpanId());
                }
                String childId = root.children().get(0).job().id();
                assertThat(j.hget(redis.prefix() + ":kids:" + childId, "opts")).contains(flow.getSpanId());
            }
        }
    }

    private static QueueOptions options(TestRedis redis, Otel otel) {
        return QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix())
                .telemetry(QueueTracing.create(otel.sdk())).build();
    }
}
