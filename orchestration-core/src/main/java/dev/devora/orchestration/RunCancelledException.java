package dev.devora.orchestration;

/**
 * The run was cancelled with {@code WorkflowRun.cancel()}. Its result has status {@code CANCELLED} and keeps
 * every output finished before the cancellation.
 *
 * <pre>{@code
 * WorkflowRun run = engine.start(workflow, input, listener);
 * run.cancel();
 * run.result().join().status(); // CANCELLED
 * }</pre>
 */
public class RunCancelledException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the run was cancelled
     */
    public RunCancelledException(String message) {
        super(message, null, false);
    }

    /**
     * The cancellation of a run, in the words every engine uses for it (so that the same run cancelled on either
     * engine fails with the same message).
     *
     * @param runId      the run
     * @param workflowId its workflow's id
     * @return the exception
     */
    public static RunCancelledException of(String runId, String workflowId) {
        return new RunCancelledException("Run " + runId + " of workflow '" + workflowId + "' was cancelled");
    }
}
