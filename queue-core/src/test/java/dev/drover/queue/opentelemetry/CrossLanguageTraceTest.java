package dev.drover.queue.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestRedis;
import dev.drover.testing.bullmq.NodeBullmq;
import dev.drover.testing.bullmq.NodeQueue;
import dev.drover.testing.bullmq.NodeWorker;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One trace across languages on one Redis: a Node service adding with bullmq's telemetry (bullmq-otel, the OTel JS
 * SDK) continues in a Drover worker, and a Drover producer's trace continues in a Node bullmq worker. Both sides
 * export to memory; the trace ids and parent span ids must line up.
 */
@ExtendWith(RedisExtension.class)
class CrossLanguageTraceTest {

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void aTraceStartedInNodeContinuesInADroverWorker(NodeBullmq.Version version, TestRedis redis) {
        try (Otel otel = Otel.start(); NodeBullmq node = NodeBullmq.start(version)) {
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "n2j").open("{\"telemetry\":true}");
            ObjectNode add = nq.newRequest("add").put("name", "resize");
            add.set("data", NodeBullmq.parse("{\"w\":10}"));
            ObjectNode run = node.newRequest("otelRun").put("span", "node request");
            run.set("request", add);
            JsonNode ran = node.request(run);
            String traceId = ran.path("traceId").asText();
            String jobId = ran.path("result").path("id").asText();

            QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix())
                    .telemetry(QueueTracing.create(otel.sdk())).build();
            try (Worker w = new Worker("n2j", job -> "ok", WorkerOptions.DEFAULTS, qo).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> otel.spans("process n2j").size() == 1);
            }
            JsonNode nodeAdd = nodeSpan(node, "add n2j.resize");
            SpanData process = otel.span("process n2j");
            assertThat(nodeAdd.path("traceId").asText()).isEqualTo(traceId);
            assertThat(nodeAdd.path("parentSpanId").asText()).isEqualTo(ran.path("spanId").asText());
            assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(process.getTraceId()).isEqualTo(traceId);
            assertThat(process.getParentSpanId()).isEqualTo(nodeAdd.path("spanId").asText());
            assertThat(process.getAttributes().get(QueueTracing.JOB_ID)).isEqualTo(jobId);
        }
    }

    @ParameterizedTest
    @EnumSource(NodeBullmq.Version.class)
    void aTraceStartedInJavaContinuesInANodeWorker(NodeBullmq.Version version, TestRedis redis) {
        try (Otel otel = Otel.start(); NodeBullmq node = NodeBullmq.start(version)) {
            QueueOptions qo = QueueOptions.builder().redisUrl(redis.url()).prefix(redis.prefix())
                    .telemetry(QueueTracing.create(otel.sdk())).build();
            Span request = otel.sdk().getTracer("test").spanBuilder("java request").startSpan();
            String jobId;
            try (Scope ignored = request.makeCurrent(); Queue q = new Queue("j2n", qo)) {
                jobId = q.add("thumbnail", Map.of("w", 10));
            } finally {
                request.end();
            }
            NodeQueue nq = node.queue(redis.url(), redis.prefix(), "j2n");
            try (NodeWorker nw = nq.startWorker(1, "{\"telemetry\":true}", null)) {
                nq.awaitProcessed(jobId, Duration.ofSeconds(30));
            }
            SpanData add = otel.span("add j2n.thumbnail");
            JsonNode process = await().atMost(Duration.ofSeconds(10))
                    .until(() -> nodeSpans(node, "process j2n"), l -> l.size() == 1).get(0);
            assertThat(add.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(process.path("traceId").asText()).isEqualTo(add.getTraceId());
            assertThat(process.path("parentSpanId").asText()).isEqualTo(add.getSpanId());
            assertThat(process.path("attributes").path("bullmq.job.id").asText()).isEqualTo(jobId);
        }
    }

    private static JsonNode nodeSpan(NodeBullmq node, String name) {
        List<JsonNode> found = nodeSpans(node, name);
        assertThat(found).as("node spans named %s", name).hasSize(1);
        return found.get(0);
    }

    private static List<JsonNode> nodeSpans(NodeBullmq node, String name) {
        JsonNode spans = node.request(node.newRequest("otelSpans"));
        return new ArrayList<>(StreamSupport.stream(spans.spliterator(), false)
                .filter(s -> name.equals(s.path("name").asText())).toList());
    }
}
