package dev.devora.orchestration.workflow;

/**
 * What a {@link Task} sees: the run state, plus where it runs.
 *
 * <pre>{@code
 * Task t = ctx -> "run " + ctx.runId() + " at " + ctx.stepPath() + " read " + ctx.text("draft").length() + " chars";
 * }</pre>
 */
public interface TaskContext extends StateView {
    /**
     * The id of the run.
     *
     * @return the run id
     */
    String runId();

    /**
     * The path of the task's step.
     *
     * @return the step path, e.g. {@code build/checks}
     */
    String stepPath();
}
