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

    private final int score;
    private final int threshold;

    public GateFailedException(String message, int score, int threshold) {
        super(message, null, false);
        this.score = score;
        this.threshold = threshold;
    }

    public int score() {
        return score;
    }

    public int threshold() {
        return threshold;
    }
}
