package dev.devora.orchestration.tool;

import java.util.Objects;

/**
 * What a tool call gives back to the model: text, and whether it is an error the model should react to.
 *
 * <pre>{@code
 * return found ? ToolResult.ok(content) : ToolResult.error("no file " + path + " in the workspace");
 * }</pre>
 *
 * @param content the text the model reads
 * @param error   whether the call failed (the model is told so and may try again)
 */
public record ToolResult(String content, boolean error) {
    /**
     * Checks the content.
     *
     * @param content the text the model reads
     * @param error   whether the call failed
     * @throws NullPointerException if content is null
     */
    public ToolResult {
        Objects.requireNonNull(content, "content");
    }

    /**
     * A successful result.
     *
     * @param content the text the model reads
     * @return the result
     */
    public static ToolResult ok(String content) {
        return new ToolResult(content, false);
    }

    /**
     * A failed call, told to the model.
     *
     * @param message what went wrong, for the model
     * @return the result
     */
    public static ToolResult error(String message) {
        return new ToolResult(message, true);
    }
}
