package dev.devora.orchestration.temporal.internal;

import dev.devora.orchestration.internal.TaskState;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.TaskStep;
import io.temporal.failure.ApplicationFailure;

import java.util.Map;

/**
 * The worker's task activity: finds the task step in the registered definition and runs its task on the state it
 * was sent, as the interpreter does in one JVM. What the task throws fails this attempt of the step without a
 * retry by Temporal: the interpreter retries the step when the failure is retriable, by the step's policy. It
 * heartbeats while the task runs ({@link Heartbeats}: a cancelled task's thread is interrupted).
 *
 * <pre>{@code
 * worker.registerActivitiesImplementations(new TaskRunsActivity(Map.of(map.workflow().id(), map)));
 * }</pre>
 */
public final class TaskRunsActivity implements TaskRuns {
    private final Map<String, DefinitionMap> definitions;

    /**
     * The activity over these definitions.
     *
     * @param definitions definition id → its map
     */
    public TaskRunsActivity(Map<String, DefinitionMap> definitions) {
        this.definitions = Map.copyOf(definitions);
    }

    @Override
    public String run(TaskRunRequest run) {
        DefinitionMap definition = Registered.definition(definitions, run.definition());
        Step step = definition.step(run.path());
        if (!(step instanceof TaskStep task)) {
            throw ApplicationFailure.newNonRetryableFailure("workflow '" + run.definition() + "' has no task step '"
                    + run.path() + "' on this worker", "UnknownStep");
        }
        TaskState state = TaskStateJson.state(run.state());
        return Heartbeats.whileRunning(() -> {
            try {
                return TaskStateJson.write(TaskState.output(TaskState.run(task.id(), task.task(), state)));
            } catch (RuntimeException e) {
                throw ActivityFailures.toFailure(e);
            }
        });
    }
}
