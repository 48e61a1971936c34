package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Converts typed inputs to the seed's JSON format: snake_case names, nulls omitted.
 *
 * <pre>{@code
 * JsonNode json = InputJson.toJson(input);
 * }</pre>
 */
public final class InputJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private InputJson() {
    }

    public static JsonNode toJson(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A pretty JSON text. */
    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object as a map of plain Java values. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> toMap(JsonNode json) {
        return MAPPER.convertValue(json, java.util.Map.class);
    }

    /** Every problem of a JSON input for a predefined workflow, without building it. */
    public static java.util.List<dev.devora.orchestration.ValidationProblem> validate(String workflowId, JsonNode input) {
        return Recipes.byId(workflowId).checkedInput().validate(input);
    }
}
