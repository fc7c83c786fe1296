package dev.drover.queue.opentelemetry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.Job;
import dev.drover.queue.Processor;
import dev.drover.queue.Telemetry;
import dev.drover.queue.internal.codec.Json;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * OpenTelemetry spans for queue work, carrying the trace in the job the way bullmq's telemetry (the
 * {@code bullmq-otel} package) does, so one trace runs through Node and Java services in either direction:
 * <ul>
 *   <li>adding jobs opens a PRODUCER span ({@code add <queue>.<name>}, {@code addBulk <queue>},
 *       {@code addFlow <queue>}) under the current context, and stores that span's context in each job's opts as
 *       {@code tm}: the propagator's fields (W3C {@code traceparent}, {@code tracestate}, baggage...) as a JSON
 *       object text, e.g. {@code {"traceparent":"00-…-…-01"}};</li>
 *   <li>a worker runs each job's processor in a CONSUMER span ({@code process <queue>}) whose parent is the context
 *       in the job's {@code tm} (a bullmq producer's or ours), current while the processor runs, so spans the
 *       processor makes join the trace. A job without {@code tm} starts a new trace.</li>
 * </ul>
 * Attributes follow bullmq's names ({@code bullmq.queue.name}, {@code bullmq.job.id}, ...). Uses the propagators
 * of the {@link OpenTelemetry} given (W3C trace context unless configured otherwise).
 *
 * <p>OpenTelemetry's API is an optional dependency of queue-core: only applications that use this class need it.
 */
public final class QueueTracing implements Telemetry {

    static final AttributeKey<String> QUEUE_NAME = AttributeKey.stringKey("bullmq.queue.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("bullmq.queue.operation");
    static final AttributeKey<String> JOB_NAME = AttributeKey.stringKey("bullmq.job.name");
    static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("bullmq.job.id");
    static final AttributeKey<List<String>> JOB_IDS = AttributeKey.stringArrayKey("bullmq.job.ids");
    static final AttributeKey<List<String>> BULK_NAMES = AttributeKey.stringArrayKey("bullmq.job.bulk.names");
    static final AttributeKey<Long> BULK_COUNT = AttributeKey.longKey("bullmq.job.bulk.count");
    static final AttributeKey<String> WORKER_NAME = AttributeKey.stringKey("bullmq.worker.name");
    static final AttributeKey<Long> ATTEMPTS_MADE = AttributeKey.longKey("bullmq.job.attempts.made");

    private static final String INSTRUMENTATION = "dev.drover.queue";

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    private QueueTracing(Tracer tracer, TextMapPropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Tracing with {@code openTelemetry}'s tracer and propagators. */
    public static QueueTracing create(OpenTelemetry openTelemetry) {
        return new QueueTracing(openTelemetry.getTracer(INSTRUMENTATION), openTelemetry.getPropagators()
                .getTextMapPropagator());
    }

    @Override
    public List<String> add(String operation, String queue, List<String> jobNames,
                            Function<String, List<String>> add) {
        boolean single = "add".equals(operation) && jobNames.size() == 1;
        String destination = single ? queue + "." + jobNames.get(0) : queue;
        Span span = tracer.spanBuilder(operation + " " + destination).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(QUEUE_NAME, queue).setAttribute(OPERATION, operation).startSpan();
        if (single) {
            span.setAttribute(JOB_NAME, jobNames.get(0));
        } else {
            span.setAttribute(BULK_NAMES, jobNames).setAttribute(BULK_COUNT, (long) jobNames.size());
        }
        try (Scope ignored = span.makeCurrent()) {
            List<String> ids = add.apply(metadata(Context.current()));
            if (ids.size() == 1) {
                span.setAttribute(JOB_ID, ids.get(0));
            } else {
                span.setAttribute(JOB_IDS, ids);
            }
            return ids;
        } catch (RuntimeException | Error e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    public Object process(String queue, Job job, Processor processor) throws Exception {
        Span span = tracer.spanBuilder("process " + queue).setSpanKind(SpanKind.CONSUMER)
                .setParent(parentOf(job)).setAttribute(QUEUE_NAME, queue).setAttribute(OPERATION, "process")
                .setAttribute(JOB_ID, job.id()).setAttribute(JOB_NAME, job.name())
                .setAttribute(ATTEMPTS_MADE, (long) job.attemptsMade()).startSpan();
        job.processedBy().ifPresent(worker -> span.setAttribute(WORKER_NAME, worker));
        try (Scope ignored = span.makeCurrent()) {
            return processor.process(job);
        } catch (Exception | Error e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    private static void failed(Span span, Throwable e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
    }

    /** The propagator's fields for {@code context} as a JSON object text, as bullmq-otel's getMetadata makes it. */
    private String metadata(Context context) {
        Map<String, String> carrier = new LinkedHashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.isEmpty() ? null : Json.write(carrier);
    }

    /** The context stored in the job's opts {@code tm} on top of the current one; the current one when none. */
    private Context parentOf(Job job) {
        Context current = Context.current();
        JsonNode tm = metadataOf(job);
        return tm == null ? current : propagator.extract(current, tm, JSON_FIELDS);
    }

    private static JsonNode metadataOf(Job job) {
        try {
            JsonNode tm = Json.MAPPER.readTree(job.rawOpts()).path("tm");
            if (tm.isTextual()) {
                tm = Json.MAPPER.readTree(tm.asText());
            }
            return tm.isObject() ? tm : null;
        } catch (Exception e) {
            return null; // unreadable opts or metadata: the job starts a trace of its own
        }
    }

    private static final TextMapGetter<JsonNode> JSON_FIELDS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(JsonNode carrier) {
            return carrier::fieldNames;
        }

        @Override
        public String get(JsonNode carrier, String key) {
            JsonNode v = carrier == null ? null : carrier.get(key);
            return v == null || !v.isTextual() ? null : v.asText();
        }
    };

    @Override
    public String toString() {
        return "QueueTracing[" + INSTRUMENTATION + "]";
    }
}
