package dev.devora.orchestration.temporal.internal;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The one Temporal workflow type: it runs any registered {@code Workflow} definition with the core's interpreter.
 *
 * <pre>{@code
 * InterpreterWorkflow stub = client.newWorkflowStub(InterpreterWorkflow.class, options);
 * String stateJson = stub.run(new RunRequest("review", "{}"));
 * }</pre>
 */
@WorkflowInterface
public interface InterpreterWorkflow {
    /**
     * Runs the definition to its end.
     *
     * @param request the definition's id and the input
     * @return the run's {@code WorkflowResult.stateJson()}
     */
    @WorkflowMethod(name = "DevoraWorkflow")
    String run(RunRequest request);
}
