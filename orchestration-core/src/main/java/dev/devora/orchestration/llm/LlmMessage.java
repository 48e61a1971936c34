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
    /**
     * Checks the role and normalises null content to "" and null tool calls to an empty list.
     *
     * @param role             who wrote it
     * @param content          its text (may be empty for an assistant message that only calls tools)
     * @param toolCalls        tool calls made by an assistant message
     * @param toolCallId       for a {@link Role#TOOL} message: the call it answers
     * @param reasoningDetails provider reasoning blocks of an assistant message, to be sent back unmodified; or null /
     */
    public LlmMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /**
     * A system message.
     *
     * @param content the instructions
     * @return the message
     */
    public static LlmMessage system(String content) {
        return new LlmMessage(Role.SYSTEM, content, List.of(), null, null);
    }

    /**
     * A user message.
     *
     * @param content the text
     * @return the message
     */
    public static LlmMessage user(String content) {
        return new LlmMessage(Role.USER, content, List.of(), null, null);
    }

    /**
     * An assistant message with text only (e.g. to replay an earlier answer).
     *
     * @param content the text
     * @return the message
     */
    public static LlmMessage assistant(String content) {
        return new LlmMessage(Role.ASSISTANT, content, List.of(), null, null);
    }

    /**
     * An assistant turn as returned by a provider, with its tool calls and reasoning blocks.
     *
     * @param response the provider's answer
     * @return the assistant message to append to the conversation
     */
    public static LlmMessage assistant(LlmResponse response) {
        return new LlmMessage(Role.ASSISTANT, response.text(), response.toolCalls(), null, response.reasoningDetails());
    }

    /**
     * A tool result answering one of an assistant's tool calls.
     *
     * @param toolCallId the id of the tool call it answers; not null
     * @param content    the tool's result, usually JSON
     * @return the message
     */
    public static LlmMessage tool(String toolCallId, String content) {
        return new LlmMessage(Role.TOOL, content, List.of(), Objects.requireNonNull(toolCallId, "toolCallId"), null);
    }
}
