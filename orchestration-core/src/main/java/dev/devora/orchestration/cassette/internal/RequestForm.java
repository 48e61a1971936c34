package dev.devora.orchestration.cassette.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.internal.Json;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ReasoningOptions;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The recorded form of a request: every field that changes the answer (model, fallback models, messages with
 * their tool calls, sampling and limits, response format with its schema, tools, tool choice, reasoning), in a
 * fixed order, texts split into lines so that a cassette reads well and diffs well in git; and its fingerprint,
 * the SHA-256 of that form written canonically (object keys sorted, numbers normalised). Left out, because they
 * do not change the answer or change on every run: the attributes (run id, step path, agent), the end-user id, the
 * timeout and the opaque reasoning blocks of earlier assistant turns.
 */
public final class RequestForm {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RequestForm() {
    }

    /** The recorded form of {@code request}: only the fields that are set. */
    public static ObjectNode of(LlmRequest request) {
        ObjectNode form = NODES.objectNode();
        if (request.model() != null) form.put("model", request.model());
        if (!request.fallbackModels().isEmpty()) form.set("fallbackModels", strings(request.fallbackModels()));
        ArrayNode messages = form.putArray("messages");
        for (LlmMessage m : request.messages()) messages.add(message(m));
        if (request.temperature() != null) form.put("temperature", request.temperature());
        if (request.maxTokens() != null) form.put("maxTokens", request.maxTokens());
        if (!request.stop().isEmpty()) form.set("stop", strings(request.stop()));
        if (request.seed() != null) form.put("seed", request.seed());
        if (request.responseFormat() != null) form.set("responseFormat", format(request.responseFormat()));
        if (!request.tools().isEmpty()) {
            ArrayNode tools = form.putArray("tools");
            for (ToolDefinition t : request.tools()) {
                ObjectNode tool = tools.addObject().put("name", t.name());
                if (t.description() != null) tool.put("description", t.description());
                if (t.parametersSchema() != null) tool.set("parameters", t.parametersSchema().deepCopy());
            }
        }
        if (request.toolChoice() != null) form.put("toolChoice", request.toolChoice());
        if (request.reasoning() != null) form.set("reasoning", reasoning(request.reasoning()));
        return form;
    }

    /** The fingerprint of a recorded form: {@code sha256:} and 64 hex digits. */
    public static String fingerprint(JsonNode form) {
        try {
            byte[] canonical = CassetteCodec.MAPPER.writeValueAsBytes(Json.canonical(form));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint a request", e); // SHA-256 is in every JDK
        }
    }

    /**
     * The request as text lines for a diff: a line per option, then each message's role and its lines.
     *
     * @param form a recorded form, as {@link #of} makes it
     */
    public static List<String> lines(JsonNode form) {
        List<String> lines = new ArrayList<>();
        form.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("messages")) lines.add(e.getKey() + ": " + CassetteCodec.compact(e.getValue()));
        });
        for (JsonNode m : form.path("messages")) {
            StringBuilder head = new StringBuilder("[").append(m.path("role").asText()).append(']');
            if (m.has("toolCallId")) head.append(" toolCallId: ").append(m.get("toolCallId").asText());
            lines.add(head.toString());
            for (JsonNode line : m.path("content")) lines.add(line.asText());
            if (m.has("toolCalls")) lines.add("toolCalls: " + CassetteCodec.compact(m.get("toolCalls")));
        }
        return lines;
    }

    /** A text as its lines (split at {@code \n}, a trailing newline giving a last empty line), as recorded. */
    static ArrayNode textLines(String text) {
        ArrayNode lines = NODES.arrayNode();
        for (String line : text.split("\n", -1)) lines.add(line);
        return lines;
    }

    private static ObjectNode message(LlmMessage m) {
        ObjectNode node = NODES.objectNode().put("role", m.role().wireName());
        node.set("content", textLines(m.content()));
        if (!m.toolCalls().isEmpty()) node.set("toolCalls", toolCalls(m.toolCalls()));
        if (m.toolCallId() != null) node.put("toolCallId", m.toolCallId());
        return node;
    }

    /** Tool calls as recorded, in requests and responses alike. */
    static ArrayNode toolCalls(List<ToolCall> calls) {
        ArrayNode array = NODES.arrayNode();
        for (ToolCall c : calls) {
            ObjectNode call = array.addObject();
            if (c.id() != null) call.put("id", c.id());
            call.put("name", c.name()).put("arguments", c.argumentsJson());
        }
        return array;
    }

    private static ObjectNode format(ResponseFormat f) {
        ObjectNode node = NODES.objectNode().put("type", f.type().name().toLowerCase(Locale.ROOT));
        if (f.type() == ResponseFormat.Type.JSON_SCHEMA) {
            node.put("name", f.schemaName()).put("strict", f.strict());
            node.set("schema", f.schema().deepCopy());
        }
        return node;
    }

    private static ObjectNode reasoning(ReasoningOptions r) {
        ObjectNode node = NODES.objectNode();
        if (r.effort() != null) node.put("effort", r.effort());
        if (r.maxTokens() != null) node.put("maxTokens", r.maxTokens());
        node.put("exclude", r.exclude());
        return node;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

}
