package dev.devora.orchestration.engine;

/**
 * Where a run is. The last four are final.
 *
 * <pre>{@code
 * if (run.status() == RunStatus.PAUSED) run.resume();
 * }</pre>
 */
public enum RunStatus {
    /** Steps are running. */
    RUNNING,
    /** No new step starts until {@code resume()}; running steps finish. */
    PAUSED,
    /**
     * The run waits for answers from outside (a person's decision, a remote agent's callback): no thread runs it;
     * answering its pending requests continues it, in this process or another one on the same store.
     */
    WAITING,
    /** Every step succeeded and every gate passed. */
    SUCCEEDED,
    /** The run finished but a gate or loop ended below its bar and its policy said to continue. */
    PARTIAL,
    /** A step failed, a budget or timeout was hit. */
    FAILED,
    /** {@code cancel()} was called. */
    CANCELLED;

    /**
     * Whether the run has ended.
     *
     * @return true for {@code SUCCEEDED}, {@code PARTIAL}, {@code FAILED} and {@code CANCELLED}
     */
    public boolean isFinal() {
        return this == SUCCEEDED || this == PARTIAL || this == FAILED || this == CANCELLED;
    }
}
