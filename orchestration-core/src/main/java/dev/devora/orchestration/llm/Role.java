package dev.devora.orchestration.llm;

/**
 * The author of a chat message.
 *
 * <pre>{@code
 * new LlmMessage(Role.USER, "Hello", List.of(), null, null);
 * }</pre>
 */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    /** The wire name, e.g. {@code "assistant"}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
