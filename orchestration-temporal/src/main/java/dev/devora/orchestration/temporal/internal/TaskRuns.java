package dev.devora.orchestration.temporal.internal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * One execution of a plain-Java task step as a Temporal activity: the task may do anything (read files, call
 * services, take its time), so it runs on a worker, on a copy of the run state it may read, and a replay takes its
 * output from the history.
 *
 * <pre>{@code
 * TaskRuns tasks = Workflow.newActivityStub(TaskRuns.class, options);
 * StepOutput out = TaskStateJson.output(tasks.run(new TaskRunRequest("review", "report", TaskStateJson.write(state))));
 * }</pre>
 */
@ActivityInterface
public interface TaskRuns {
    /**
     * Runs the registered definition's task step.
     *
     * @param run the definition, the step path and the state
     * @return the step's output, as {@link TaskStateJson#write(dev.devora.orchestration.workflow.StepOutput)} writes it
     */
    @ActivityMethod(name = "DevoraTask")
    String run(TaskRunRequest run);
}
