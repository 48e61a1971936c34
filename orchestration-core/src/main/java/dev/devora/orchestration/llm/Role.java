package dev.devora.orchestration.llm;

/**
 * The author of a chat message.
 *
 * <pre>{@code
 * new LlmMessage(Role.USER, "Hello", List.of(), null, null);
 * }</pre>
 */
public enum Role {
    /** Instructions that frame the conversation. */
    SYSTEM,
    /** The user's turn (the engine's prompts are user messages). */
    USER,
    /** The model's turn. */
    ASSISTANT,
    /** The result of a tool call, answering an assistant's tool call. */
    TOOL;

    /**
     * The wire name, e.g. {@code "assistant"}.
     *
     * @return the role's name in lower case
     */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
