package dev.drover.testing.bullmq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The harness's one Jackson mapper and the JSON helpers built on it. Tests reach them through
 * {@link NodeBullmq#parse(String)} and {@link NodeBullmq#tree(Object)}.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Parses JSON text to a tree ({@code null} or blank gives an empty object). */
    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + json, e);
        }
    }

    /** Converts a Java value (map, list, record, string, number…) to a JSON tree. */
    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
