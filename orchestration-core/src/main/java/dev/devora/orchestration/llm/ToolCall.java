package dev.devora.orchestration.llm;

import java.util.Objects;

/**
 * A model's request to call a tool.
 *
 * <pre>{@code
 * ToolCall call = response.toolCalls().get(0);
 * JsonNode args = mapper.readTree(call.argumentsJson()); // "{}" when the model sent no arguments
 * }</pre>
 *
 * @param id            the call id to echo in the {@link Role#TOOL} reply
 * @param name          the tool's name
 * @param argumentsJson the arguments as a JSON text; {@code "{}"} when the model sent none
 */
public record ToolCall(String id, String name, String argumentsJson) {
    /**
     * Checks the components.
     *
     * @param id            the call id to echo in the {@link Role#TOOL} reply
     * @param name          the tool's name
     * @param argumentsJson the arguments as a JSON text; {@code "{}"} when the model sent none /
     */
    public ToolCall {
        Objects.requireNonNull(name, "name");
        argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
    }
}
