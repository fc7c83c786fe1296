package dev.drover.spring;

import java.lang.reflect.Type;
import tools.jackson.databind.json.JsonMapper;

/** {@link PayloadMapper} with Spring Boot 4's Jackson 3 {@link JsonMapper}. */
final class Jackson3PayloadMapper implements PayloadMapper {

    private final JsonMapper mapper;

    Jackson3PayloadMapper(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Object read(String json, Type type) {
        return mapper.readValue(json, mapper.constructType(type));
    }

    @Override
    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }
}
