package dev.devora.orchestration.tool;

import java.util.List;
import java.util.Objects;

/**
 * What a tool call gives back to the model: text, and whether it is an error the model should react to.
 *
 * <pre>{@code
 * return found ? ToolResult.ok(content) : ToolResult.error("no file " + path + " in the workspace");
 * // a tool that changed files says which: the engine emits a FileChanged event for each and journals them
 * return ToolResult.ok("created notes.md (120 bytes)").withChangedFiles(List.of("notes.md"));
 * }</pre>
 *
 * @param content      the text the model reads
 * @param error        whether the call failed (the model is told so and may try again)
 * @param changedFiles the files the call created or changed (paths as the tool names them, e.g. relative to its
 *                     workspace), in order; empty for a call that changed nothing
 */
public record ToolResult(String content, boolean error, List<String> changedFiles) {
    /**
     * Checks the content and copies the files.
     *
     * @param content      the text the model reads
     * @param error        whether the call failed
     * @param changedFiles the files the call created or changed; null for none
     * @throws NullPointerException if content or one of the files is null
     */
    public ToolResult {
        Objects.requireNonNull(content, "content");
        changedFiles = changedFiles == null ? List.of() : List.copyOf(changedFiles);
    }

    /**
     * A result that changed no file.
     *
     * @param content the text the model reads
     * @param error   whether the call failed
     */
    public ToolResult(String content, boolean error) {
        this(content, error, List.of());
    }

    /**
     * This result, saying which files the call created or changed.
     *
     * @param files the files, e.g. relative to the tool's workspace
     * @return a result with the same content and error flag
     */
    public ToolResult withChangedFiles(List<String> files) {
        return new ToolResult(content, error, files);
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
