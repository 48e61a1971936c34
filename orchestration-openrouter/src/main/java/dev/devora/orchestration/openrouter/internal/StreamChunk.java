package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * The fields of one streamed {@code chat.completion.chunk} that the answer is assembled from, pulled from the
 * chunk's UTF-8 bytes with a streaming parser instead of building a JSON tree: {@code id}, {@code model},
 * {@code provider}, {@code error}, {@code usage}, and of the choice with {@code index} 0 (else the first one) its
 * finish reasons, {@code error} and {@code delta} (or {@code message}): {@code content}, {@code reasoning},
 * {@code reasoning_details}, {@code tool_calls}. Every other field is skipped unread. The rare parts whose shape
 * varies ({@code error}, {@code usage}, tool calls, reasoning details, content given as parts) are kept as small
 * trees for the mappers that already handle their quirks. A field of an unexpected type reads as absent.
 *
 * <pre>{@code
 * StreamChunk chunk = StreamChunk.parse(event.dataBytes()); // null when the payload is not a JSON object
 * String piece = chunk.choice() == null ? null : chunk.choice().delta().content();
 * }</pre>
 */
public final class StreamChunk {
    private String id;
    private String model;
    private String provider;
    private JsonNode error;
    private JsonNode usage;
    private Choice choice;

    private StreamChunk() {
    }

    /** The chunk's {@code id}; or null. */
    public String id() {
        return id;
    }

    /** The model that answered; or null. */
    public String model() {
        return model;
    }

    /** The upstream provider; or null. */
    public String provider() {
        return provider;
    }

    /** The top-level {@code error} as an error object (a bare string becomes its message); or null. */
    public JsonNode error() {
        return Json.asError(error);
    }

    /** The {@code usage} object as sent; or null. */
    public JsonNode usage() {
        return usage;
    }

    /** The choice with index 0, else the first one; null when {@code choices} is missing or empty. */
    public Choice choice() {
        return choice;
    }

    /** One entry of {@code choices}. */
    public static final class Choice {
        private int index;
        private String finishReason;
        private String nativeFinishReason;
        private JsonNode error;
        private Delta delta;
        private Delta message;

        /** {@code finish_reason}; or null. */
        public String finishReason() {
            return finishReason;
        }

        /** {@code native_finish_reason}; or null. */
        public String nativeFinishReason() {
            return nativeFinishReason;
        }

        /** {@code error} when it is an object; or null. */
        public JsonNode error() {
            return error;
        }

        /** The {@code delta}, else the whole {@code message} some servers send; null when neither is an object. */
        public Delta delta() {
            return delta != null ? delta : message;
        }
    }

    /** The parts of a {@code delta} (or {@code message}) the answer is made of. */
    public static final class Delta {
        private String content;
        private JsonNode contentParts;
        private String reasoning;
        private JsonNode reasoningDetails;
        private JsonNode toolCalls;

        /** The new text: the {@code content} string, or the {@code text} of its parts joined; "" when none. */
        public String content() {
            if (content != null) return content;
            return contentParts == null ? "" : ResponseMapper.content(contentParts);
        }

        /** {@code reasoning} text; or null. */
        public String reasoning() {
            return reasoning;
        }

        /** {@code reasoning_details} when it is an array; or null. */
        public JsonNode reasoningDetails() {
            return reasoningDetails;
        }

        /** {@code tool_calls} when it is an array (whole calls or fragments); or null. */
        public JsonNode toolCalls() {
            return toolCalls;
        }
    }

    /**
     * Parses one chunk from its UTF-8 bytes; null when the payload is valid JSON but not an object.
     *
     * @throws IOException (Jackson's {@code JsonProcessingException}) when the payload is not valid JSON
     */
    public static StreamChunk parse(byte[] utf8) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                return null;
            }
            StreamChunk c = new StreamChunk();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "id" -> c.id = text(p, value);
                    case "model" -> c.model = text(p, value);
                    case "provider" -> c.provider = text(p, value);
                    case "error" -> c.error = tree(p, value);
                    case "usage" -> c.usage = value == JsonToken.START_OBJECT ? tree(p, value) : skip(p);
                    case "choices" -> c.choice = value == JsonToken.START_ARRAY ? choices(p) : skip(p);
                    default -> p.skipChildren();
                }
            }
            return c;
        }
    }

    private static Choice choices(JsonParser p) throws IOException {
        Choice first = null;
        Choice zero = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) throw new JsonParseException(p, "unexpected end of a choices array");
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            Choice ch = choice(p);
            if (first == null) first = ch;
            if (zero == null && ch.index == 0) zero = ch;
        }
        return zero != null ? zero : first;
    }

    private static Choice choice(JsonParser p) throws IOException {
        Choice ch = new Choice();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "index" -> ch.index = index(p, value);
                case "finish_reason" -> ch.finishReason = text(p, value);
                case "native_finish_reason" -> ch.nativeFinishReason = text(p, value);
                case "error" -> ch.error = value == JsonToken.START_OBJECT ? tree(p, value) : skip(p);
                case "delta" -> ch.delta = value == JsonToken.START_OBJECT ? delta(p) : skip(p);
                case "message" -> ch.message = value == JsonToken.START_OBJECT ? delta(p) : skip(p);
                default -> p.skipChildren();
            }
        }
        return ch;
    }

    private static Delta delta(JsonParser p) throws IOException {
        Delta d = new Delta();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "content" -> {
                    if (value == JsonToken.VALUE_STRING) d.content = p.getText();
                    else d.contentParts = value == JsonToken.START_ARRAY ? tree(p, value) : skip(p);
                }
                case "reasoning" -> d.reasoning = text(p, value);
                case "reasoning_details" -> d.reasoningDetails = value == JsonToken.START_ARRAY ? tree(p, value) : skip(p);
                case "tool_calls" -> d.toolCalls = value == JsonToken.START_ARRAY ? tree(p, value) : skip(p);
                default -> p.skipChildren();
            }
        }
        return d;
    }

    /** A scalar as text (numbers and booleans rendered); null for null, objects and arrays (which are skipped). */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == null) throw new JsonParseException(p, "unexpected end of a chunk");
        if (t.isScalarValue() && t != JsonToken.VALUE_NULL) return p.getText();
        return skip(p);
    }

    /** {@code index} as a number or a numeric string; 0 otherwise, as when it is missing. */
    private static int index(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) return p.getValueAsInt(0);
        if (t == JsonToken.VALUE_STRING) return p.getValueAsInt(0);
        skip(p);
        return 0;
    }

    /** The value at the parser as a tree; null for a JSON null. */
    private static JsonNode tree(JsonParser p, JsonToken t) throws IOException {
        if (t == null) throw new JsonParseException(p, "unexpected end of a chunk");
        if (t == JsonToken.VALUE_NULL) return null;
        return Json.MAPPER.readTree(p);
    }

    /** Skips the value at the parser (and its children); returns null, for "absent". */
    private static <T> T skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }
}
