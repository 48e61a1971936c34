package dev.devora.orchestration.engine;

import java.util.concurrent.CompletableFuture;

/**
 * A handle on a run started with {@link WorkflowEngine#start}: its status and progress, its future result, and
 * control. {@link #cancel()} interrupts running branches (aborting in-flight HTTP calls); {@link #pause()} lets
 * running steps finish but starts no new one until {@link #resume()}.
 *
 * <pre>{@code
 * WorkflowRun run = engine.start(workflow, input, listener);
 * run.pause();
 * ... run.resume();
 * WorkflowResult result = run.result().join();
 * }</pre>
 */
public interface WorkflowRun {

    /**
     * The run's id.
     *
     * @return the id
     */
    String id();

    /**
     * The id of the workflow being run.
     *
     * @return the workflow id
     */
    String workflowId();

    /**
     * The current status.
     *
     * @return the status; final once the run has ended
     */
    RunStatus status();

    /**
     * Progress 0..100, never decreasing.
     *
     * @return the progress in percent
     */
    int progress();

    /**
     * Completes with the result when the run ends, whatever its status (never exceptionally for run failures).
     * When it completes {@code WAITING}, the engine is done with this pass: a next pass that goes on with answers
     * given meanwhile is registered already ({@code engine.isRunning} is true), else the run is not running and an
     * answer recorded now is the caller's to continue ({@code engine.startResume}).
     *
     * @return the future result
     */
    CompletableFuture<WorkflowResult> result();

    /** Stops the run: running branches are interrupted, the result has status {@code CANCELLED}. Idempotent. */
    void cancel();

    /** No new step starts until {@link #resume()}; running steps finish. */
    void pause();

    /** Lets a paused run start new steps again; does nothing if the run is not paused. */
    void resume();
}
