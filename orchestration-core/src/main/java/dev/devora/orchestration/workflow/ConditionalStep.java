package dev.devora.orchestration.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs the first branch whose condition holds, else the {@code otherwise} step, else nothing (the step is then
 * reported as skipped). Its output is the chosen branch's.
 *
 * <pre>{@code
 * Steps.when("etl", Condition.inputPresent("data_sources"), Steps.agent("pipeline", dataEngineer).prompt("..."))
 *      .orWhen(Condition.inputEquals("tier", "lite"), liteStep)
 *      .otherwise(Steps.task("no-etl", "record that no ETL is needed", s -> "no ETL needed"));
 * }</pre>
 *
 * @param id        step id
 * @param branches  condition/step pairs tried in order (at least one)
 * @param otherwise the step run when no condition holds; or null
 */
public record ConditionalStep(String id, List<Branch> branches, Step otherwise) implements Step {

    /**
     * A condition and the step it guards.
     *
     * @param when the condition
     * @param step the step run when the condition holds
     */
    public record Branch(Condition when, Step step) {
        /**
         * Checks that the condition is not null.
         *
         * @param when the condition
         * @param step the step run when the condition holds /
         */
        public Branch {
            Objects.requireNonNull(when, "when");
        }
    }

    /**
     * Copies the branches (null gives none, which {@code build()} reports).
     *
     * @param id        step id
     * @param branches  condition/step pairs tried in order (at least one)
     * @param otherwise the step run when no condition holds; or null /
     */
    public ConditionalStep {
        branches = branches == null ? List.of() : List.copyOf(branches);
    }

    /**
     * This conditional with one more branch, tried after the existing ones.
     *
     * @param when the condition
     * @param step the step run when the condition holds
     * @return a new step
     */
    public ConditionalStep orWhen(Condition when, Step step) {
        List<Branch> more = new ArrayList<>(branches);
        more.add(new Branch(when, step));
        return new ConditionalStep(id, more, otherwise);
    }

    /**
     * This conditional with a step run when no condition holds.
     *
     * @param step the step, or null to skip
     * @return a new step
     */
    public ConditionalStep otherwise(Step step) {
        return new ConditionalStep(id, branches, step);
    }

    @Override
    public List<Step> children() {
        List<Step> all = new ArrayList<>(branches.size() + 1);
        for (Branch b : branches) if (b.step() != null) all.add(b.step());
        if (otherwise != null) all.add(otherwise);
        return all;
    }

    @Override
    public String kind() {
        return "conditional";
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitConditional(this);
    }
}
