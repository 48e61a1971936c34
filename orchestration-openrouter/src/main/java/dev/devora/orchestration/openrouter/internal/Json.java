package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;

/**
 * The module's one {@link ObjectMapper} (thread-safe once configured) and null-safe readers for the loose JSON
 * OpenRouter returns: any field may be missing, null, or of an unexpected type.
 *
 * <pre>{@code
 * String id = Json.text(root, "id");              // null when missing, null or not a string
 * long tokens = Json.longValue(usage, "prompt_tokens");
 * }</pre>
 */
public final class Json {
    /** Parses floats as exact {@link BigDecimal}s, so costs and prices keep every digit. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private Json() {
    }

    /** Parses JSON text; throws the checked Jackson exception for callers to map. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /**
     * Parses a UTF-8 JSON document straight from its bytes (leading and trailing whitespace allowed); null when the
     * bytes hold nothing but whitespace. Throws the checked Jackson exception for callers to map.
     */
    public static JsonNode parse(byte[] utf8) throws java.io.IOException {
        if (isBlank(utf8)) return null;
        return MAPPER.readTree(utf8);
    }

    /** Whether the bytes are absent or only JSON whitespace. */
    public static boolean isBlank(byte[] utf8) {
        if (utf8 == null) return true;
        for (byte b : utf8) {
            if (!isWhitespace(b)) return false;
        }
        return true;
    }

    /** Whether the byte is JSON whitespace: space, tab, line feed or carriage return. */
    public static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** The child as text when it is a string (or a number or boolean, rendered); null otherwise. */
    public static String text(JsonNode node, String field) {
        if (node == null) return null;
        JsonNode child = node.get(field);
        if (child == null || child.isNull() || child.isContainerNode()) return null;
        return child.asText();
    }

    /** The child as a long when it is numeric (or a numeric string); 0 otherwise. */
    public static long longValue(JsonNode node, String field) {
        if (node == null) return 0;
        JsonNode child = node.get(field);
        if (child == null || child.isNull()) return 0;
        if (child.isNumber()) return Math.max(0, child.asLong());
        if (child.isTextual()) {
            try {
                return Math.max(0, Long.parseLong(child.asText().trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** The child as an exact decimal (from a number or a decimal string); null when missing or not a number. */
    public static BigDecimal decimal(JsonNode node, String field) {
        if (node == null) return null;
        JsonNode child = node.get(field);
        if (child == null || child.isNull()) return null;
        try {
            if (child.isNumber()) return amount(child.decimalValue());
            if (child.isTextual()) return amount(new BigDecimal(child.asText().trim()));
        } catch (NumberFormatException e) { // not a number, or a double beyond range (Infinity, NaN)
            return null;
        }
        return null;
    }

    /**
     * The value when it is an amount a server can mean (prices, costs, credit: at most 30 digits on either side of
     * the point); null otherwise. A {@code 1e999999999} would make every sum or printout of it run out of memory.
     */
    private static BigDecimal amount(BigDecimal v) {
        return Math.abs(v.scale()) <= 30 && v.precision() - v.scale() <= 30 ? v : null;
    }

    /** The child when it is an object; null otherwise. */
    public static JsonNode object(JsonNode node, String field) {
        if (node == null) return null;
        JsonNode child = node.get(field);
        return child != null && child.isObject() ? child : null;
    }

    /** The child when it is an array; null otherwise. */
    public static JsonNode array(JsonNode node, String field) {
        if (node == null) return null;
        JsonNode child = node.get(field);
        return child != null && child.isArray() ? child : null;
    }

    /**
     * The child {@code error} as an error object: the object itself, or {@code {"message": text}} when a server
     * sent a bare string; null when there is no error.
     */
    public static JsonNode error(JsonNode node) {
        return node == null ? null : asError(node.get("error"));
    }

    /**
     * An {@code error} value as an error object: the object itself, or {@code {"message": text}} for a bare string
     * or number; null for anything else (absent, null, an array).
     */
    public static JsonNode asError(JsonNode e) {
        if (e == null || e.isNull()) return null;
        if (e.isObject()) return e;
        if (e.isTextual() || e.isNumber()) return MAPPER.createObjectNode().put("message", e.asText());
        return null;
    }

    /** Compact JSON of a node, or its text when it is a string. */
    public static String render(JsonNode node) {
        if (node == null || node.isNull()) return null;
        return node.isTextual() ? node.asText() : node.toString();
    }
}
