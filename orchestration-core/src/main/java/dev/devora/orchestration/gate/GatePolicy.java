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
    public GatePolicy {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be ≥ 0, was " + maxRetries);
    }

    /** How many times the gated step may run in all: {@code maxRetries + 1}, saturating at {@code Integer.MAX_VALUE}. */
    public int maxAttempts() {
        return (int) Math.min(Integer.MAX_VALUE, maxRetries + 1L);
    }

    public static GatePolicy fail() {
        return new GatePolicy(0, true);
    }

    public static GatePolicy partial() {
        return new GatePolicy(0, false);
    }

    /** Retries the gated step up to {@code maxRetries} times; choose the outcome with {@code thenFail/thenPartial}. */
    public static GatePolicy retry(int maxRetries) {
        return new GatePolicy(maxRetries, true);
    }

    public GatePolicy thenFail() {
        return new GatePolicy(maxRetries, true);
    }

    public GatePolicy thenPartial() {
        return new GatePolicy(maxRetries, false);
    }

    @Override
    public String toString() {
        return (maxRetries > 0 ? "retry " + maxRetries + " then " : "") + (failWhenDone ? "fail" : "partial");
    }
}
