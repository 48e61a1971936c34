package dev.devora.orchestration.mcp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.tool.ToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** Conversions between the SDK's MCP types and the core tool SPI. Not API. */
public final class McpResults {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private McpResults() {
    }

    /**
     * A tool's input schema as JSON.
     *
     * @param schema the schema the server listed; or null
     * @return the schema; an empty object schema when the server gave none
     */
    public static JsonNode schemaOf(Map<String, Object> schema) {
        if (schema == null || schema.isEmpty()) return MAPPER.createObjectNode().put("type", "object");
        return MAPPER.valueToTree(schema);
    }

    /**
     * The model's arguments as the SDK wants them.
     *
     * @param arguments the arguments object; or null / not an object (then no arguments)
     * @return a mutable map
     */
    public static Map<String, Object> argumentsOf(JsonNode arguments) {
        if (arguments == null || !arguments.isObject()) return new java.util.LinkedHashMap<>();
        return MAPPER.convertValue(arguments, MAP);
    }

    /**
     * What the model reads of a tool's result: its text parts, one per line; the resources' texts; a note for each
     * part that is not text; the structured content as JSON when there is nothing else.
     *
     * @param result the server's result
     * @return the tool result, an error when the server flagged it so
     */
    public static ToolResult toToolResult(McpSchema.CallToolResult result) {
        StringBuilder text = new StringBuilder();
        if (result.content() != null) {
            for (McpSchema.Content part : result.content()) {
                if (text.length() > 0) text.append('\n');
                text.append(textOf(part));
            }
        }
        if (text.length() == 0 && result.structuredContent() != null) {
            try {
                text.append(MAPPER.writeValueAsString(result.structuredContent()));
            } catch (JsonProcessingException e) {
                text.append("[structured content that is not JSON]");
            }
        }
        boolean error = Boolean.TRUE.equals(result.isError());
        return new ToolResult(text.toString(), error);
    }

    private static String textOf(McpSchema.Content part) {
        if (part instanceof McpSchema.TextContent t) return t.text() == null ? "" : t.text();
        if (part instanceof McpSchema.EmbeddedResource r
                && r.resource() instanceof McpSchema.TextResourceContents t) {
            return t.text() == null ? "" : t.text();
        }
        if (part instanceof McpSchema.ImageContent i) return "[image " + i.mimeType() + " omitted]";
        if (part instanceof McpSchema.AudioContent a) return "[audio " + a.mimeType() + " omitted]";
        if (part instanceof McpSchema.ResourceLink l) return "[resource " + l.uri() + "]";
        if (part instanceof McpSchema.EmbeddedResource r) return "[binary resource " + r.resource().uri() + " omitted]";
        return "[" + part.type() + " content omitted]";
    }
}
