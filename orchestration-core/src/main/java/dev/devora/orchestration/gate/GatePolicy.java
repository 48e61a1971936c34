package dev.devora.orchestration.gate;

/**
 * What a {@code GateStep} does when its gate fails: retry the gated step with the verdict as
 * {@code {{gate.feedback}}} up to {@code maxRetries} times, then fail the run or continue as {@code PARTIAL}.
 *
 * <pre>{@code
 * GatePolicy.fail();                    // no retry, fail the run
 * GatePolicy.partial();                 // no retry, continue, run ends PARTIAL
 * GatePolicy.retry(2).thenFail();       // up to 3 attempts in all
 * GatePolicy.retry(2).thenPartial();
 * }</pre>
 *
 * @param maxRetries   how many times the gated step is run again (0 = never)
 * @param failWhenDone true to fail the run once retries are spent; false to continue and mark the run PARTIAL
 */
public record GatePolicy(int maxRetries, boolean failWhenDone) {
    /**
     * Checks that {@code maxRetries} is not negative.
     *
     * @param maxRetries   how many times the gated step is run again (0 = never)
     * @param failWhenDone true to fail the run once retries are spent; false to continue and mark the run PARTIAL /
     */
    public GatePolicy {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be ≥ 0, was " + maxRetries);
    }

    /**
     * How many times the gated step may run in all: {@code maxRetries + 1}, saturating at {@code Integer.MAX_VALUE}.
     *
     * @return the number of attempts, at least 1
     */
    public int maxAttempts() {
        return (int) Math.min(Integer.MAX_VALUE, maxRetries + 1L);
    }

    /**
     * No retry; a failed gate fails the run with {@code GateFailedException}.
     *
     * @return the policy
     */
    public static GatePolicy fail() {
        return new GatePolicy(0, true);
    }

    /**
     * No retry; a failed gate lets the run continue, and the run ends {@code PARTIAL}.
     *
     * @return the policy
     */
    public static GatePolicy partial() {
        return new GatePolicy(0, false);
    }

    /**
     * Retries the gated step up to {@code maxRetries} times; choose the outcome with {@code thenFail/thenPartial}.
     *
     * @param maxRetries how many times the gated step is run again, at least 0
     * @return a policy that fails the run once retries are spent
     */
    public static GatePolicy retry(int maxRetries) {
        return new GatePolicy(maxRetries, true);
    }

    /**
     * This policy, failing the run once the retries are spent.
     *
     * @return the policy
     */
    public GatePolicy thenFail() {
        return new GatePolicy(maxRetries, true);
    }

    /**
     * This policy, continuing (the run ends {@code PARTIAL}) once the retries are spent.
     *
     * @return the policy
     */
    public GatePolicy thenPartial() {
        return new GatePolicy(maxRetries, false);
    }

    @Override
    public String toString() {
        return (maxRetries > 0 ? "retry " + maxRetries + " then " : "") + (failWhenDone ? "fail" : "partial");
    }
}
