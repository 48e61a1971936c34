package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ReasoningOptions;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.Role;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.openrouter.ProviderRouting;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * Maps an {@link LlmRequest} to the chat completions JSON body. Only fields that are set are sent, so server and
 * model defaults apply otherwise; request attributes are not sent (the provider may pass the run id as the
 * {@code sessionId}). {@code maxTokens} goes out as
 * {@code max_tokens}, which OpenRouter and every OpenAI-compatible server accept.
 *
 * <pre>{@code
 * ObjectNode body = RequestMapper.toJson(request, "openai/gpt-4o", List.of("anthropic/claude-haiku-4.5"), routing,
 *         null, true);
 * }</pre>
 */
public final class RequestMapper {
    private static final Set<String> TOOL_CHOICE_KEYWORDS = Set.of("auto", "none", "required");

    private RequestMapper() {
    }

    /**
     * @param model     the model to ask first; or null to let the server use its default
     * @param fallbacks server-side fallback models ({@code models}); empty to send none
     * @param routing   provider preferences; {@link ProviderRouting#NONE} sends none
     * @param sessionId groups related calls on OpenRouter ({@code session_id}, at most 256 characters sent); or null
     * @param stream    whether to ask for a stream
     */
    public static ObjectNode toJson(LlmRequest request, String model, List<String> fallbacks, ProviderRouting routing,
                                    String sessionId, boolean stream) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (model != null) body.put("model", model);
        if (!fallbacks.isEmpty()) {
            ArrayNode models = body.putArray("models");
            fallbacks.forEach(models::add);
        }
        ArrayNode messages = body.putArray("messages");
        for (LlmMessage m : request.messages()) messages.add(message(m));
        if (request.temperature() != null) body.put("temperature", request.temperature());
        if (request.maxTokens() != null) body.put("max_tokens", request.maxTokens());
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (request.seed() != null) body.put("seed", request.seed());
        if (request.responseFormat() != null) body.set("response_format", responseFormat(request.responseFormat()));
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition t : request.tools()) tools.add(tool(t));
        }
        if (request.toolChoice() != null) {
            String choice = request.toolChoice();
            if (TOOL_CHOICE_KEYWORDS.contains(choice)) {
                body.put("tool_choice", choice);
            } else {
                ObjectNode tc = body.putObject("tool_choice");
                tc.put("type", "function");
                tc.putObject("function").put("name", choice);
            }
        }
        if (request.reasoning() != null) body.set("reasoning", reasoning(request.reasoning()));
        if (request.user() != null) body.put("user", request.user());
        if (routing != null && !routing.isEmpty()) body.set("provider", provider(routing));
        if (sessionId != null && !sessionId.isBlank()) {
            body.put("session_id", sessionId.length() <= 256 ? sessionId : sessionId.substring(0, 256));
        }
        if (stream) {
            body.put("stream", true);
            // a deprecated no-op on OpenRouter, but OpenAI-compatible servers only report usage in a stream with it
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    static ObjectNode message(LlmMessage m) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("role", m.role().wireName());
        if (m.role() == Role.ASSISTANT && !m.toolCalls().isEmpty()) {
            if (m.content().isEmpty()) node.putNull("content");
            else node.put("content", m.content());
            ArrayNode calls = node.putArray("tool_calls");
            for (ToolCall c : m.toolCalls()) {
                ObjectNode call = calls.addObject();
                call.put("id", c.id());
                call.put("type", "function");
                ObjectNode fn = call.putObject("function");
                fn.put("name", c.name());
                fn.put("arguments", c.argumentsJson());
            }
        } else {
            node.put("content", m.content());
        }
        if (m.role() == Role.TOOL) node.put("tool_call_id", m.toolCallId());
        if (m.role() == Role.ASSISTANT && m.reasoningDetails() != null && !m.reasoningDetails().isNull()) {
            node.set("reasoning_details", m.reasoningDetails());
        }
        return node;
    }

    static ObjectNode responseFormat(ResponseFormat f) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        switch (f.type()) {
            case TEXT:
                node.put("type", "text");
                break;
            case JSON_OBJECT:
                node.put("type", "json_object");
                break;
            case JSON_SCHEMA:
                node.put("type", "json_schema");
                ObjectNode js = node.putObject("json_schema");
                js.put("name", f.schemaName());
                js.set("schema", f.schema());
                js.put("strict", f.strict());
                break;
            default:
                throw new IllegalStateException("unknown response format " + f.type());
        }
        return node;
    }

    static ObjectNode tool(ToolDefinition t) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", "function");
        ObjectNode fn = node.putObject("function");
        fn.put("name", t.name());
        if (t.description() != null) fn.put("description", t.description());
        if (t.parametersSchema() != null) fn.set("parameters", t.parametersSchema());
        return node;
    }

    static ObjectNode reasoning(ReasoningOptions r) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (r.effort() != null) node.put("effort", r.effort());
        if (r.maxTokens() != null) node.put("max_tokens", r.maxTokens());
        if (r.exclude()) node.put("exclude", true);
        return node;
    }

    static ObjectNode provider(ProviderRouting p) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        strings(node, "order", p.order());
        strings(node, "only", p.only());
        strings(node, "ignore", p.ignore());
        if (p.sort() != null && p.sortPartition() != null) {
            node.putObject("sort").put("by", p.sort()).put("partition", p.sortPartition().wireName());
        } else if (p.sort() != null) {
            node.put("sort", p.sort());
        }
        if (p.allowFallbacks() != null) node.put("allow_fallbacks", p.allowFallbacks());
        if (p.requireParameters() != null) node.put("require_parameters", p.requireParameters());
        if (p.dataCollection() != null) node.put("data_collection", p.dataCollection().wireName());
        if (p.zdr() != null) node.put("zdr", p.zdr());
        strings(node, "quantizations", p.quantizations());
        if (p.preferredMinThroughput() != null) node.put("preferred_min_throughput", p.preferredMinThroughput());
        if (p.preferredMaxLatency() != null) node.put("preferred_max_latency", p.preferredMaxLatency());
        if (p.maxPrice() != null) {
            ObjectNode mp = node.putObject("max_price");
            price(mp, "prompt", p.maxPrice().prompt());
            price(mp, "completion", p.maxPrice().completion());
            price(mp, "request", p.maxPrice().request());
            price(mp, "image", p.maxPrice().image());
        }
        return node;
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        if (values.isEmpty()) return;
        ArrayNode a = node.putArray(field);
        values.forEach(a::add);
    }

    /** The spec types max_price values as decimal strings. */
    private static void price(ObjectNode node, String field, BigDecimal value) {
        if (value != null) node.put(field, value.toPlainString());
    }
}
