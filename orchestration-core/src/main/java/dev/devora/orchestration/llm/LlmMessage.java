package dev.devora.orchestration.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * One chat message.
 *
 * <pre>{@code
 * List<LlmMessage> messages = List.of(
 *         LlmMessage.system("You are a senior API architect."),
 *         LlmMessage.user("Design a REST API for invoices."));
 * }</pre>
 *
 * @param role             who wrote it
 * @param content          its text (may be empty for an assistant message that only calls tools)
 * @param toolCalls        tool calls made by an assistant message
 * @param toolCallId       for a {@link Role#TOOL} message: the call it answers
 * @param reasoningDetails provider reasoning blocks of an assistant message, to be sent back unmodified; or null
 */
public record LlmMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId,
                         JsonNode reasoningDetails) {
    public LlmMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static LlmMessage system(String content) {
        return new LlmMessage(Role.SYSTEM, content, List.of(), null, null);
    }

    public static LlmMessage user(String content) {
        return new LlmMessage(Role.USER, content, List.of(), null, null);
    }

    public static LlmMessage assistant(String content) {
        return new LlmMessage(Role.ASSISTANT, content, List.of(), null, null);
    }

    /** An assistant turn as returned by a provider, with its tool calls and reasoning blocks. */
    public static LlmMessage assistant(LlmResponse response) {
        return new LlmMessage(Role.ASSISTANT, response.text(), response.toolCalls(), null, response.reasoningDetails());
    }

    public static LlmMessage tool(String toolCallId, String content) {
        return new LlmMessage(Role.TOOL, content, List.of(), Objects.requireNonNull(toolCallId, "toolCallId"), null);
    }
}
