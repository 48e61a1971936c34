package dev.devora.orchestration.temporal.internal;

/**
 * One tool call as an activity's argument: where the worker finds the tool (definition, step, agent) and the call.
 *
 * <pre>{@code
 * new ToolCallRequest("fix-bug", "run-1", "fix", "fixer", "read_file", "call_1", "{\"path\":\"A.java\"}");
 * }</pre>
 *
 * @param definition    the definition's id, registered with the worker
 * @param runId         the run
 * @param path          the step path
 * @param agent         the agent whose tool it is
 * @param tool          the tool's name
 * @param callId        the model's id for the call
 * @param argumentsJson the arguments
 */
public record ToolCallRequest(String definition, String runId, String path, String agent, String tool, String callId,
                              String argumentsJson) {
}
