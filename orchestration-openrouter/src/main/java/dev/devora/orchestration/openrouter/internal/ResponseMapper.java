package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.Usage;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Maps a non-streaming chat completion body to an {@link LlmResponse}, or to the right
 * {@link dev.devora.orchestration.llm.ProviderException} when a 200 body is not an answer: blank or truncated
 * JSON, a top-level {@code error} with no choices, empty {@code choices}, or a choice with
 * {@code finish_reason: "error"} (its partial content is kept). Leading keep-alive whitespace is accepted.
 *
 * <pre>{@code
 * LlmResponse r = ResponseMapper.map(bytes, headers, "openai/gpt-4o", format, latency, clock);
 * }</pre>
 */
public final class ResponseMapper {
    private ResponseMapper() {
    }

    public static LlmResponse map(byte[] body, HttpHeaders headers, String model, ResponseFormat format,
                                  Duration latency, Clock clock) {
        String headerId = headers == null ? null : headers.firstValue("x-generation-id").orElse(null);
        if (Json.isBlank(body)) throw ErrorMapper.malformed("empty response body", model, headerId, null, null);
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (IOException e) {
            throw ErrorMapper.malformed("response body is not valid JSON (truncated?)", model, headerId, null, e);
        }
        if (root == null || !root.isObject()) {
            throw ErrorMapper.malformed("response body is not a JSON object", model, headerId, null, null);
        }
        String bodyId = Json.text(root, "id");
        String id = bodyId != null ? bodyId : headerId;
        String bodyModel = Json.text(root, "model");
        String answeredModel = bodyModel != null ? bodyModel : model;
        String upstream = Json.text(root, "provider");
        JsonNode choices = Json.array(root, "choices");
        JsonNode choice = firstChoice(choices);
        JsonNode message = Json.object(choice, "message");
        String content = content(message == null ? null : message.get("content"));

        JsonNode error = Json.error(root);
        if (error != null) {
            throw ErrorMapper.fromError(error, null, headers, answeredModel, id, upstream, content, clock);
        }
        if (choice == null) {
            throw ErrorMapper.malformed("response has no choices", answeredModel, id, null, null);
        }
        String finish = Json.text(choice, "finish_reason");
        JsonNode choiceError = Json.object(choice, "error");
        if (choiceError != null || "error".equals(finish)) {
            JsonNode err = choiceError != null ? choiceError : Json.MAPPER.createObjectNode().put("message",
                    "the provider reported finish_reason \"error\"");
            throw ErrorMapper.fromError(err, null, headers, answeredModel, id, upstream, content, clock);
        }
        List<ToolCall> toolCalls = ToolCallAssembler.whole(message == null ? null : message.get("tool_calls"));
        Usage usage = UsageMapper.map(root.get("usage"));
        return LlmResponse.builder()
                .text(content)
                .json(parseJson(content, format))
                .finishReason(finishReason(finish, toolCalls))
                .nativeFinishReason(Json.text(choice, "native_finish_reason"))
                .toolCalls(toolCalls)
                .reasoning(Json.text(message, "reasoning"))
                .reasoningDetails(Json.array(message, "reasoning_details"))
                .usage(usage == null ? Usage.of(0, 0) : usage)
                .model(answeredModel)
                .upstreamProvider(upstream)
                .latency(latency)
                .requestId(id)
                .build();
    }

    /** {@code choices[]} entry with index 0, or the first one; null when there is none. */
    static JsonNode firstChoice(JsonNode choices) {
        if (choices == null || choices.isEmpty()) return null;
        for (JsonNode c : choices) {
            if (c.isObject() && c.path("index").asInt(0) == 0) return c;
        }
        return choices.get(0).isObject() ? choices.get(0) : null;
    }

    /** The normalised reason; a null or unknown reason with tool calls present means {@code TOOL_CALLS}. */
    static FinishReason finishReason(String wire, List<ToolCall> toolCalls) {
        FinishReason r = FinishReason.fromWire(wire);
        if (r == FinishReason.UNKNOWN && !toolCalls.isEmpty()) return FinishReason.TOOL_CALLS;
        return r;
    }

    /** Message content as text: a string, or the {@code text} parts of an array joined; "" otherwise. */
    static String content(JsonNode content) {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.asText();
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                String t = Json.text(part, "text");
                if (t != null) sb.append(t);
            }
            return sb.toString();
        }
        return "";
    }

    /** The text parsed as JSON when a JSON format was asked and the text is JSON; null otherwise. */
    static JsonNode parseJson(String text, ResponseFormat format) {
        if (format == null || format.type() == ResponseFormat.Type.TEXT || text == null || text.isBlank()) return null;
        try {
            return Json.parse(text.strip());
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
