package dev.devora.orchestration.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The one shared, immutable Jackson mapper and the lenient parsing of model replies. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /**
     * Parses a model's reply as JSON, tolerating what models add around it: surrounding whitespace, a Markdown
     * code fence, a sentence before the first brace. Throws {@link JsonProcessingException} with Jackson's
     * location when the JSON itself is invalid.
     */
    public static JsonNode parseReply(String reply) throws JsonProcessingException {
        String text = reply == null ? "" : reply.strip();
        if (text.startsWith("```")) {
            int firstNewline = text.indexOf('\n');
            int closingFence = text.lastIndexOf("```");
            if (firstNewline > 0 && closingFence > firstNewline) {
                text = text.substring(firstNewline + 1, closingFence).strip();
            }
        }
        if (!text.isEmpty() && text.charAt(0) != '{' && text.charAt(0) != '[') {
            int brace = text.indexOf('{');
            int end = text.lastIndexOf('}');
            if (brace >= 0 && end > brace) text = text.substring(brace, end + 1);
        }
        if (text.isEmpty()) {
            throw new JsonProcessingException("the reply is empty, expected a JSON object") { };
        }
        return MAPPER.readTree(text);
    }

    /** Compact JSON text of a tree. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON tree", e);
        }
    }

    /** Indented JSON text of a tree. */
    public static String writePretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON tree", e);
        }
    }
}
