package dev.devora.orchestration.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A function the model may call.
 *
 * <pre>{@code
 * new ToolDefinition("get_weather", "Current weather for a city",
 *         mapper.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"));
 * }</pre>
 *
 * @param name             the tool's name (letters, digits, {@code _} and {@code -}, at most 64)
 * @param description      what it does, for the model
 * @param parametersSchema JSON Schema of the arguments object
 */
public record ToolDefinition(String name, String description, JsonNode parametersSchema) {
    /**
     * Checks the components.
     *
     * @param name             the tool's name (letters, digits, {@code _} and {@code -}, at most 64)
     * @param description      what it does, for the model
     * @param parametersSchema JSON Schema of the arguments object /
     */
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
    }
}
