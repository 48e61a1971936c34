package dev.devora.orchestration;

import java.util.List;

/**
 * A run cannot be resumed because steps it finished are defined differently now (another prompt, agent, model
 * option, kind…), or no longer exist. Thrown by {@code WorkflowEngine.resume} before any call; resume with
 * {@code ResumeOptions.rerunChangedSteps()} to re-run from the first changed step instead.
 *
 * <pre>{@code
 * try {
 *     engine.resume(workflow, runId);
 * } catch (DefinitionChangedException e) {
 *     System.err.println(e.changedPaths()); // [draft, review/security]
 *     engine.resume(workflow, runId, ResumeOptions.builder().rerunChangedSteps().build());
 * }
 * }</pre>
 */
public class DefinitionChangedException extends OrchestrationException {
    private static final long serialVersionUID = 1L;
    /** The run that could not be resumed. */
    private final String runId;
    /** The finished steps that changed, in the order they ran. */
    private final List<String> changedPaths;

    /**
     * Finished steps that changed.
     *
     * @param runId        the run
     * @param workflowId   the workflow
     * @param changedPaths the paths of the finished steps whose definition changed or that are gone, in the order
     *                     they ran
     */
    public DefinitionChangedException(String runId, String workflowId, List<String> changedPaths) {
        super("run " + runId + " of workflow '" + workflowId + "' cannot be resumed: finished steps changed since it "
                + "ran: " + changedPaths + " (resume with ResumeOptions.rerunChangedSteps() to run them again)");
        this.runId = runId;
        this.changedPaths = List.copyOf(changedPaths);
    }

    /**
     * The run.
     *
     * @return the run id
     */
    public String runId() {
        return runId;
    }

    /**
     * The finished steps whose definition changed, or that are gone, in the order they ran.
     *
     * @return the step paths
     */
    public List<String> changedPaths() {
        return changedPaths;
    }
}
