package dev.devora.orchestration.temporal.internal;

/**
 * One remote agent's task as an activity's argument: where the worker finds the agent and what it sends.
 *
 * <pre>{@code
 * new RemoteDispatchRequest("launch", runId, "design", "design-ia", "design/remote-task-1", request.toString());
 * }</pre>
 *
 * @param definition  the definition's id, registered with the worker
 * @param runId       the run (the task's {@code projectId})
 * @param path        the step path
 * @param agentId     the remote agent's id
 * @param taskId      the wait's request id (the task's {@code taskId})
 * @param requestJson the wait's request ({@code agentId, stepPath, task, callbackUrl}), JSON text
 */
public record RemoteDispatchRequest(String definition, String runId, String path, String agentId, String taskId,
                                    String requestJson) {
}
