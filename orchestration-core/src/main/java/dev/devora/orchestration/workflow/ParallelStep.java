package dev.devora.orchestration.workflow;

import java.time.Duration;
import java.util.List;

/**
 * Runs its branches at the same time. The output is a JSON object with one field per branch, in declaration order
 * whatever the completion order. By default the first failure cancels the running siblings (fail fast);
 * {@link #collectFailures()} lets every branch finish and then reports all failures together.
 *
 * <pre>{@code
 * Steps.parallel("design",
 *         Steps.agent("ux", designer).prompt("..."),
 *         Steps.agent("frontend", frontendDev).prompt("..."),
 *         Steps.agent("css", cssSpecialist).prompt("..."))
 *      .timeout(Duration.ofMinutes(3));
 * }</pre>
 *
 * @param id          step id
 * @param branches    the branches (at least one)
 * @param failureMode fail fast (default) or collect
 * @param timeout     limit for the whole step; or null
 */
public record ParallelStep(String id, List<Step> branches, FailureMode failureMode, Duration timeout) implements Step {

    /** What a branch failure does to its siblings. */
    public enum FailureMode {
        /** Cancel the running siblings at the first failure. */
        FAIL_FAST,
        /** Let every branch finish, then fail with all failures. */
        COLLECT
    }

    /**
     * Copies the branches and defaults the failure mode to {@code FAIL_FAST}.
     *
     * @param id          step id
     * @param branches    the branches (at least one)
     * @param failureMode fail fast (default) or collect
     * @param timeout     limit for the whole step; or null /
     */
    public ParallelStep {
        branches = branches == null ? List.of() : List.copyOf(branches);
        failureMode = failureMode == null ? FailureMode.FAIL_FAST : failureMode;
    }

    /**
     * Lets every branch finish before reporting failures.
     *
     * @return a new step with failure mode {@code COLLECT}
     */
    public ParallelStep collectFailures() {
        return new ParallelStep(id, branches, FailureMode.COLLECT, timeout);
    }

    /**
     * This step with a time limit for all its branches.
     *
     * @param limit a positive duration, or null for none
     * @return a new step
     */
    public ParallelStep timeout(Duration limit) {
        return new ParallelStep(id, branches, failureMode, limit);
    }

    @Override
    public List<Step> children() {
        return branches;
    }

    @Override
    public String kind() {
        return "parallel";
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitParallel(this);
    }
}
