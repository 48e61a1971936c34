package dev.devora.orchestration;

/**
 * A quality gate did not pass and its policy says to fail the run (after any allowed retries).
 *
 * <pre>{@code
 * Steps.gate("release", Steps.agent("build", dev).prompt("..."), qaGate).threshold(80)
 *      .onFailure(GatePolicy.retry(2).thenFail());
 * // "Gate 'qa' on step 'release' scored 62 < 80 after 3 attempts; blockers: [no tests]"
 * }</pre>
 */
public class GateFailedException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /** The score the gate gave on its last attempt. */
    private final int score;
    /** The score the gate required to pass. */
    private final int threshold;

    /**
     * Creates the exception a failed gate ends its run with.
     *
     * @param message   what failed, naming the gate and its verdict
     * @param score     the score of the last attempt (0-100)
     * @param threshold the score required to pass (0-100)
     */
    public GateFailedException(String message, int score, int threshold) {
        super(message, null, false);
        this.score = score;
        this.threshold = threshold;
    }

    /**
     * The score the gate gave on its last attempt.
     *
     * @return the score, 0-100
     */
    public int score() {
        return score;
    }

    /**
     * The score the gate required to pass.
     *
     * @return the threshold, 0-100
     */
    public int threshold() {
        return threshold;
    }
}
