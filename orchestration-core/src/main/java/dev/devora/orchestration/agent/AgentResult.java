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
    public AgentResult {
        text = text == null ? "" : text;
    }

    public static AgentResult text(String text) {
        return new AgentResult(text, null, null);
    }

    public static AgentResult json(JsonNode json) {
        return new AgentResult(json.toString(), json, null);
    }
}
