package dev.drover.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.queue.internal.codec.Json;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a queue's events stream ({@code P:Q:events}), as BullMQ writes it: the stream id (use it to resume),
 * the event type (added, waiting, active, progress, completed, failed, delayed, stalled, retries-exhausted,
 * removed, drained, paused, resumed, cleaned, duplicated...) and its raw fields.
 */
public record QueueEvent(String id, String type, Map<String, String> fields) {

    public QueueEvent {
        fields = Map.copyOf(fields);
    }

    public Optional<String> jobId() {
        return Optional.ofNullable(fields.get("jobId"));
    }

    /** The state the job came from ({@code prev}), where the event has one. */
    public Optional<String> prev() {
        return Optional.ofNullable(fields.get("prev"));
    }

    /** A completed event's return value as JSON. */
    public JsonNode returnValue() {
        return Json.readLenient(fields.get("returnvalue"));
    }

    /** A failed event's reason. */
    public Optional<String> failedReason() {
        return Optional.ofNullable(fields.get("failedReason"));
    }

    /** A progress event's data as JSON. */
    public JsonNode progress() {
        return Json.readLenient(fields.get("data"));
    }

    /** A delayed event's due time (ms epoch). */
    public long delayUntil() {
        return Long.parseLong(fields.getOrDefault("delay", "0"));
    }
}
