package dev.devora.orchestration.temporal.internal;

import dev.devora.orchestration.internal.ToolLoop;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.tool.ToolResult;
import dev.devora.orchestration.tool.Toolbox;
import io.temporal.failure.ApplicationFailure;

import java.util.Map;

/**
 * The worker's tool-call activity: finds the tool of the agent in the registered definition and runs it as the
 * interpreter does in one JVM (unknown tools, arguments that are not JSON or break the tool's schema, and what the
 * tool throws become error results for the model); a fatal tool failure fails the step, not retried by Temporal. It
 * heartbeats while the tool runs ({@link Heartbeats}).
 *
 * <pre>{@code
 * worker.registerActivitiesImplementations(new ToolCallsActivity(Map.of(map.workflow().id(), map)));
 * }</pre>
 */
public final class ToolCallsActivity implements ToolCalls {
    private final Map<String, DefinitionMap> definitions;

    /**
     * The activity over these definitions.
     *
     * @param definitions definition id → its map
     */
    public ToolCallsActivity(Map<String, DefinitionMap> definitions) {
        this.definitions = Map.copyOf(definitions);
    }

    @Override
    public String call(ToolCallRequest call) {
        DefinitionMap definition = Registered.definition(definitions, call.definition());
        Toolbox tools = definition.tools(call.path(), call.agent());
        if (tools == null) {
            throw ApplicationFailure.newNonRetryableFailure("workflow '" + call.definition() + "' has no agent '"
                    + call.agent() + "' with tools on this worker (step '" + call.path() + "', tool '" + call.tool()
                    + "')", "UnknownTool");
        }
        return Heartbeats.whileRunning(() -> {
            try {
                ToolResult result = ToolLoop.invoke(tools, new ToolCall(call.callId(), call.tool(),
                        call.argumentsJson()), call.runId(), call.path());
                return LlmJson.write(result);
            } catch (RuntimeException e) {
                throw ActivityFailures.toFailure(e);
            }
        });
    }
}
