package dev.devora.orchestration.temporal.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;

/**
 * Model requests and responses as the JSON text that crosses Temporal's history: the records' components (durations
 * as ISO-8601, nulls left out), derived accessors such as {@code Usage.isCostEstimated()} written but ignored when read
 * back, so a response read back equals the provider's.
 *
 * <pre>{@code
 * String text = LlmJson.write(request);
 * LlmRequest again = LlmJson.request(text);
 * }</pre>
 */
public final class LlmJson {
    // nulls are left out: a JSON null read back into a JsonNode component would be a NullNode, not null
    static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();

    private LlmJson() {
    }

    /** {@return a request or response as JSON text} */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** {@return the request of this JSON text} */
    public static LlmRequest request(String json) {
        return read(json, LlmRequest.class);
    }

    /** {@return the response of this JSON text} */
    public static LlmResponse response(String json) {
        return read(json, LlmResponse.class);
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a " + type.getSimpleName() + " from JSON: " + e.getOriginalMessage(), e);
        }
    }
}
