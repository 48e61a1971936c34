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
    public StepOutput {
        if (text == null && json == null) text = "";
    }

    /** The text; for JSON output written on demand from the tree (compact JSON), as most JSON is never read as text. */
    @Override
    public String text() {
        return text != null ? text : Json.write(json);
    }

    public static StepOutput text(String text) {
        return new StepOutput(text, null);
    }

    public static StepOutput json(JsonNode json) {
        return new StepOutput(null, json);
    }

    public boolean isJson() {
        return json != null;
    }

    /** The JSON tree, or the text as a JSON string. */
    public JsonNode toJson() {
        return json != null ? json : Json.NODES.textNode(text);
    }

    /** Converts the JSON output to a type (a record, a map…). */
    public <T> T as(Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(json != null ? json : Json.parseReply(text()), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("output is not convertible to " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
