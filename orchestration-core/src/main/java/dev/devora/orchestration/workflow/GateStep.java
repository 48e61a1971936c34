package dev.devora.orchestration.workflow;

import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.gate.QualityGate;

import java.util.List;

/**
 * Runs a step, then scores its output with a quality gate. When the score is below the threshold (or the verdict
 * has blockers) the {@link GatePolicy} decides: run the step again with the verdict available as
 * {@code {{gate.feedback}}} (bounded), fail, or continue and mark the run {@code PARTIAL}. Every verdict is kept.
 *
 * <pre>{@code
 * Steps.gate("release", Steps.agent("integrate", qaLead).prompt("..."), releaseGate)
 *      .threshold(85)
 *      .onFailure(GatePolicy.retry(2).thenPartial());
 * }</pre>
 *
 * @param id        step id
 * @param subject   the step whose output is scored
 * @param gate      the gate
 * @param threshold the score (0..100) needed to pass; default 70
 * @param policy    what to do when the gate fails; default {@code retry(1).thenPartial()}
 */
public record GateStep(String id, Step subject, QualityGate gate, int threshold, GatePolicy policy) implements Step {
    /** Threshold used when none is set. */
    public static final int DEFAULT_THRESHOLD = 70;

    /**
     * Defaults a null policy to {@code retry(1).thenPartial()}.
     *
     * @param id        step id
     * @param subject   the step whose output is scored
     * @param gate      the gate
     * @param threshold the score (0..100) needed to pass; default 70
     * @param policy    what to do when the gate fails; default {@code retry(1).thenPartial()} /
     */
    public GateStep {
        policy = policy == null ? GatePolicy.retry(1).thenPartial() : policy;
    }

    /**
     * This gate step with another threshold.
     *
     * @param score the score needed to pass, 0..100
     * @return a new step
     */
    public GateStep threshold(int score) {
        return new GateStep(id, subject, gate, score, policy);
    }

    /**
     * This gate step with another failure policy.
     *
     * @param failurePolicy what to do when the gate fails
     * @return a new step
     */
    public GateStep onFailure(GatePolicy failurePolicy) {
        return new GateStep(id, subject, gate, threshold, failurePolicy);
    }

    @Override
    public List<Step> children() {
        return subject == null ? List.of() : List.of(subject);
    }

    @Override
    public String kind() {
        return "gate";
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitGate(this);
    }
}
