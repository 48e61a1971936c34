package dev.devora.orchestration.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an agent produced: text, and the parsed JSON tree when the output is structured.
 *
 * <pre>{@code
 * AgentResult.text("# PRD\n...");
 * AgentResult.json(tree);                   // text is the compact JSON
 * }</pre>
 *
 * @param text  the output as text (for JSON output: the JSON text)
 * @param json  the parsed JSON tree; or null for text output
 * @param model the model that produced it; or null for plain-Java agents
 */
public record AgentResult(String text, JsonNode json, String model) {
    /**
     * Normalises null text to "".
     *
     * @param text  the output as text (for JSON output: the JSON text)
     * @param json  the parsed JSON tree; or null for text output
     * @param model the model that produced it; or null for plain-Java agents /
     */
    public AgentResult {
        text = text == null ? "" : text;
    }

    /**
     * A text result of a plain-Java agent.
     *
     * @param text the output
     * @return the result, with no JSON and no model
     */
    public static AgentResult text(String text) {
        return new AgentResult(text, null, null);
    }

    /**
     * A JSON result of a plain-Java agent; its text is the compact JSON.
     *
     * @param json the output tree; not null
     * @return the result, with no model
     */
    public static AgentResult json(JsonNode json) {
        return new AgentResult(json.toString(), json, null);
    }
}
