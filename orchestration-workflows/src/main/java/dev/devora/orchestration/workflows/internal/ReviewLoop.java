package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.LoopStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflows.WorkflowConfig;

/**
 * The seed's iterative pattern with a reviewer: each round, after a failed review, the rework step fixes what
 * the feedback ({@code {{gate.feedback}}}) asks; then the reviewer judges again. Bounded by the config's
 * {@code maxIterations}; exhaustion ends the run {@code PARTIAL}.
 *
 * <p>Step ids: {@code {id}} (the loop), {@code {id}-round} (its body), {@code {id}-rework} (the conditional whose
 * output is the rework, or a note on the first round), {@code {id}-first} (that note).
 *
 * <pre>{@code
 * ReviewLoop.of("qa-validation", "qa-release", fixStep, reviewStep, config);
 * // the review prompt may read {{qa-validation-rework}}
 * }</pre>
 */
public final class ReviewLoop {
    /** Holds after a failed review. */
    public static final Condition AFTER_FAILED_REVIEW =
            Condition.of("a review has failed (iteration > 1)", s -> s.loopIteration() > 1);

    private ReviewLoop() {
    }

    public static LoopStep of(String id, String gateName, Step rework, AgentStep review, WorkflowConfig config) {
        Step body = Steps.sequence(id + "-round",
                Steps.when(id + "-rework", AFTER_FAILED_REVIEW, rework)
                        .otherwise(Steps.task(id + "-first", "first round: nothing to rework yet",
                                ctx -> "First review round: nothing has been reworked yet.")),
                review);
        return Steps.loop(id, body).until(ReviewGate.of(gateName, config), config.thresholdOf(gateName))
                .maxIterations(config.maxIterations());
    }
}
