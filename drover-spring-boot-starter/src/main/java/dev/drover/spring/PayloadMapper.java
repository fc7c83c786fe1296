package dev.drover.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Type;

/**
 * Maps job data to a worker method's parameter type, and its return value to the JSON stored on the job, with the
 * application's Jackson mapper (Jackson 3's {@code JsonMapper} in Spring Boot 4, or a Jackson 2
 * {@code ObjectMapper}). The JSON text passes between the application's mapper and queue-core's, so each side keeps
 * its own Jackson version.
 */
interface PayloadMapper {

    /** The job data (its JSON text) as {@code type}. */
    Object read(String json, Type type) throws Exception;

    /** {@code value} as JSON text. */
    String write(Object value) throws Exception;

    /** {@code value} as the JSON tree queue-core stores. */
    default JsonNode toStoredJson(Object value) throws Exception {
        return QUEUE_JSON.readTree(write(value));
    }

    ObjectMapper QUEUE_JSON = new ObjectMapper();

    /** With a Jackson 2 mapper (the application's, or a plain one when it has none). */
    static PayloadMapper jackson2(ObjectMapper mapper) {
        return new PayloadMapper() {
            @Override
            public Object read(String json, Type type) throws Exception {
                return mapper.readValue(json, mapper.constructType(type));
            }

            @Override
            public String write(Object value) throws Exception {
                return mapper.writeValueAsString(value);
            }
        };
    }
}
