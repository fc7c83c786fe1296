package dev.drover.queue.opentelemetry;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/** The OpenTelemetry SDK with W3C propagation and an in-memory exporter, for one test. */
record Otel(OpenTelemetrySdk sdk, InMemorySpanExporter exporter) implements AutoCloseable {

    static Otel start() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        return new Otel(sdk, exporter);
    }

    List<SpanData> spans(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    SpanData span(String name) {
        List<SpanData> found = spans(name);
        if (found.size() != 1) {
            throw new AssertionError("expected one span '" + name + "', got " + exporter.getFinishedSpanItems());
        }
        return found.get(0);
    }

    @Override
    public void close() {
        sdk.close();
    }
}
