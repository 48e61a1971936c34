package dev.devora.orchestration.tool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One call of a tool by a model: the call's id, its arguments, and the run and step it belongs to.
 *
 * <pre>{@code
 * ToolResult call(ToolInvocation in) {
 *     String path = in.arguments().path("path").asText();
 *     return ToolResult.ok("read " + path + " for step " + in.stepPath());
 * }
 * }</pre>
 *
 * @param callId    the model's id for the call (answers are matched to calls by it)
 * @param toolName  the tool's name
 * @param arguments the arguments object
 * @param runId     the run making the call; or null outside a run
 * @param stepPath  the step making the call; or null outside a run
 */
public record ToolInvocation(String callId, String toolName, JsonNode arguments, String runId, String stepPath) {
}
