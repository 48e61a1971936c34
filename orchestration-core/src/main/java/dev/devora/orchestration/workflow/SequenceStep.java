package dev.devora.orchestration.workflow;

import java.util.List;

/**
 * Runs its steps one after the other; its output is the last step's.
 *
 * <pre>{@code
 * Steps.sequence("docs", analyse, generate, review, publish);
 * }</pre>
 *
 * @param id    step id
 * @param steps the steps, in order (at least one)
 */
public record SequenceStep(String id, List<Step> steps) implements Step {
    /**
     * Copies the steps (null gives none, which {@code build()} reports).
     *
     * @param id    step id
     * @param steps the steps, in order (at least one) /
     */
    public SequenceStep {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    @Override
    public List<Step> children() {
        return steps;
    }

    @Override
    public String kind() {
        return "sequence";
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitSequence(this);
    }
}
