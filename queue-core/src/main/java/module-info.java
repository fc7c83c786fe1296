/**
 * Drover's BullMQ-compatible Redis job queue. The API is {@code dev.drover.queue} ({@code Queue}, {@code Worker},
 * {@code QueueEvents}, {@code QueueAdmin}, {@code FlowProducer}, the job model and options) and the optional
 * adapters {@code dev.drover.queue.micrometer} and {@code dev.drover.queue.opentelemetry}, which need Micrometer or
 * the OpenTelemetry API only when an application uses them. Everything under {@code dev.drover.queue.internal} (the
 * Redis executor, the Lua scripts and their codecs, the worker runtime) is not exported and may change at any time.
 */
module dev.drover.queue {
    requires transitive com.fasterxml.jackson.databind; // JsonNode is in Job's API
    requires redis.clients.jedis;
    requires org.apache.commons.pool2;
    requires org.slf4j;
    requires com.cronutils;
    requires static transitive micrometer.core; // QueueMetrics takes a MeterRegistry
    requires static transitive io.opentelemetry.api; // QueueTracing takes an OpenTelemetry
    requires static io.opentelemetry.context;

    exports dev.drover.queue;
    exports dev.drover.queue.micrometer;
    exports dev.drover.queue.opentelemetry;
}
