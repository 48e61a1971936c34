package dev.devora.orchestration.tool;

import dev.devora.orchestration.llm.ToolDefinition;

/**
 * A function an agent's model may call: its definition (name, description, JSON Schema of the arguments) and the
 * code that runs it. Build simple ones with {@link Tools#of}; implement this interface for full control.
 *
 * <p>What a tool throws goes back to the model as an error result (bounded), so the model can correct itself; a
 * {@link ToolFatalException} ends the agent's step instead, and so does an {@link Error} (on whichever thread the
 * call ran).
 *
 * <pre>{@code
 * Tool clock = new Tool() {
 *     public ToolDefinition definition() {
 *         return new ToolDefinition("utc_now", "The current UTC time", Tools.NO_ARGUMENTS);
 *     }
 *     public ToolResult call(ToolInvocation invocation) {
 *         return ToolResult.ok(java.time.Instant.now().toString());
 *     }
 * };
 * }</pre>
 */
public interface Tool {

    /**
     * What the model is told about the tool.
     *
     * @return the definition; its name is unique among an agent's tools
     */
    ToolDefinition definition();

    /**
     * Runs the tool.
     *
     * @param invocation the arguments the model gave (already checked against the schema) and where the call comes
     *                   from
     * @return the result the model gets
     * @throws Exception anything: it becomes an error result for the model, except a {@link ToolFatalException}
     */
    ToolResult call(ToolInvocation invocation) throws Exception;
}
