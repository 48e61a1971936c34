package dev.devora.orchestration.temporal.internal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * A remote agent's task sent to its service, as a Temporal activity: the run then waits (a workflow wait, no
 * worker thread) for the service's report, which arrives as a signal; a replay does not post the task again.
 *
 * <pre>{@code
 * RemoteDispatches remote = Workflow.newActivityStub(RemoteDispatches.class, options);
 * String outcome = remote.send(new RemoteDispatchRequest("launch", runId, "design", "design-ia", taskId, requestJson));
 * }</pre>
 */
@ActivityInterface
public interface RemoteDispatches {
    /**
     * Sends the task with the registered definition's remote agent.
     *
     * @param dispatch the definition, run, step, agent, task id and the wait's request
     * @return {@code {"decisions": [{"decision", "detail"}…], "not_sent": reason}} ({@code not_sent} absent when the
     *         service accepted the task)
     */
    @ActivityMethod(name = "DevoraRemoteDispatch")
    String send(RemoteDispatchRequest dispatch);
}
