package dev.devora.orchestration.temporal.internal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * A tool call an agent's model asked for, as a Temporal activity: a tool acts on the world (files, services), so it
 * runs on a worker once and a replay takes its result from the history.
 *
 * <pre>{@code
 * ToolCalls tools = Workflow.newActivityStub(ToolCalls.class, options);
 * ToolResult result = LlmJson.read(tools.call(request), ToolResult.class);
 * }</pre>
 */
@ActivityInterface
public interface ToolCalls {
    /**
     * Runs the tool of the registered definition's agent.
     *
     * @param call the definition, step, agent, tool and arguments
     * @return the {@code ToolResult}, as {@link LlmJson#write} writes it
     */
    @ActivityMethod(name = "DevoraToolCall")
    String call(ToolCallRequest call);
}
