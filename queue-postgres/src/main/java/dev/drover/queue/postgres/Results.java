package dev.drover.queue.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Job results and outbox payloads as JSON, with a plain Jackson mapper like queue-core's: a value written here reads
 * back as the JSON the worker stores as the queue job's return value.
 */
final class Results {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Results() {
    }

    /** Any value Jackson can write (a JsonNode as it is; null: JSON null). */
    static JsonNode toJson(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the work's result cannot be stored as JSON: " + e.getMessage(), e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** A result mapped onto {@code type}; the stored JSON of a job is named when it does not fit. */
    static <T> T as(JsonNode result, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(result, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("the result of " + what + " does not fit " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }
}
