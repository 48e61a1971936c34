package dev.devora.orchestration.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.internal.Json;

/**
 * A step's output: its text, and its JSON tree when it is structured.
 *
 * <pre>{@code
 * StepOutput prd = result.output("prd").orElseThrow();
 * Prd typed = prd.as(Prd.class);   // for JSON output
 * }</pre>
 *
 * @param text the output as text (for JSON output, the compact JSON text)
 * @param json the JSON tree; or null for text output
 */
public record StepOutput(String text, JsonNode json) {
    /**
     * Normalises an output with neither text nor JSON to the empty text.
     *
     * @param text the output as text (for JSON output, the compact JSON text)
     * @param json the JSON tree; or null for text output /
     */
    public StepOutput {
        if (text == null && json == null) text = "";
    }

    /**
     * The text; for JSON output written on demand from the tree (compact JSON), as most JSON is never read as text.
     *
     * @return the text, never null
     */
    @Override
    public String text() {
        return text != null ? text : Json.write(json);
    }

    /**
     * A text output.
     *
     * @param text the text
     * @return the output
     */
    public static StepOutput text(String text) {
        return new StepOutput(text, null);
    }

    /**
     * A JSON output; its text is written from the tree when asked for.
     *
     * @param json the tree
     * @return the output
     */
    public static StepOutput json(JsonNode json) {
        return new StepOutput(null, json);
    }

    /**
     * Whether the output is JSON.
     *
     * @return true if there is a JSON tree
     */
    public boolean isJson() {
        return json != null;
    }

    /**
     * The JSON tree, or the text as a JSON string.
     *
     * @return the JSON value
     */
    public JsonNode toJson() {
        return json != null ? json : Json.NODES.textNode(text);
    }

    /**
     * Converts the JSON output to a type (a record, a map…).
     *
     * @param <T>  the target type
     * @param type the target type
     * @return the converted value
     * @throws IllegalStateException if the output is not convertible (the text is parsed as JSON when there is no tree)
     */
    public <T> T as(Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(json != null ? json : Json.parseReply(text()), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("output is not convertible to " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
