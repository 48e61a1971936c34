package dev.devora.orchestration.temporal.internal;

/**
 * One task execution as an activity's argument: which definition's step, and the state it sees.
 *
 * <pre>{@code
 * new TaskRunRequest("review", "report", TaskStateJson.write(state));
 * }</pre>
 *
 * @param definition the definition's id, registered with the worker
 * @param path       the task step's path
 * @param state      the state, as {@link TaskStateJson#write(dev.devora.orchestration.internal.TaskState)} writes it
 */
public record TaskRunRequest(String definition, String path, String state) {
}
