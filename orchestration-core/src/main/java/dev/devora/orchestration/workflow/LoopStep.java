package dev.devora.orchestration.workflow;

import dev.devora.orchestration.gate.QualityGate;

import java.util.List;

/**
 * Runs its body again and again until a condition holds or a quality gate passes, at most
 * {@code maxIterations} times (required: a loop without a bound is rejected when the workflow is built).
 *
 * <p>With a gate, the body's output is evaluated after every iteration; a failed verdict's feedback is available
 * to the next iteration as {@code {{gate.feedback}}} (and {@code {{gate.score}}}), and every verdict is kept in the
 * result's gate history. {@code {{loop.iteration}}} is 1 for the first pass. When the bound is reached without
 * success, {@link OnExhausted} decides: continue and mark the run {@code PARTIAL} (default), fail, or continue.
 *
 * <pre>{@code
 * Steps.loop("revise", Steps.agent("rewrite", architect)
 *                 .prompt("Improve {{draft}} using {{gate.feedback}}"))
 *      .until(qaGate, 80)
 *      .maxIterations(3);
 * Steps.loop("tune", tuneSequence).until(Condition.jsonTrue("measure", "meets_target")).maxIterations(4);
 * }</pre>
 *
 * @param id            step id
 * @param body          the step run on each iteration
 * @param until         exit condition, checked after each iteration; or null when a gate is used
 * @param gate          exit gate, evaluated on the body's output after each iteration; or null
 * @param threshold     the gate score (0..100) needed to exit
 * @param maxIterations the bound, ≥ 1 (0 means unset, which is rejected)
 * @param onExhausted   what to do when the bound is reached without exit
 */
public record LoopStep(String id, Step body, Condition until, QualityGate gate, int threshold, int maxIterations,
                       OnExhausted onExhausted) implements Step {

    /** What happens when a loop reaches its bound without its exit condition. */
    public enum OnExhausted {
        /** Keep the last output, go on, and mark the run {@code PARTIAL} with a warning. */
        PARTIAL,
        /** Fail the step (and the run). */
        FAIL,
        /** Keep the last output and go on, with a warning only. */
        CONTINUE
    }

    /**
     * Defaults a null {@code onExhausted} to {@code PARTIAL}.
     *
     * @param id            step id
     * @param body          the step run on each iteration
     * @param until         exit condition, checked after each iteration; or null when a gate is used
     * @param gate          exit gate, evaluated on the body's output after each iteration; or null
     * @param threshold     the gate score (0..100) needed to exit
     * @param maxIterations the bound, ≥ 1 (0 means unset, which is rejected)
     * @param onExhausted   what to do when the bound is reached without exit /
     */
    public LoopStep {
        onExhausted = onExhausted == null ? OnExhausted.PARTIAL : onExhausted;
    }

    /**
     * Exit when the condition holds after an iteration.
     *
     * @param condition the exit condition
     * @return a new step
     */
    public LoopStep until(Condition condition) {
        return new LoopStep(id, body, condition, gate, threshold, maxIterations, onExhausted);
    }

    /**
     * Exit when the gate scores at least {@code threshold} (0..100) on the body's output.
     *
     * @param qualityGate the gate scoring the body's output
     * @param threshold   the score to reach, 0..100
     * @return a new step
     */
    public LoopStep until(QualityGate qualityGate, int threshold) {
        return new LoopStep(id, body, until, qualityGate, threshold, maxIterations, onExhausted);
    }

    /**
     * This loop with its bound; required.
     *
     * @param max the most iterations, at least 1
     * @return a new step
     */
    public LoopStep maxIterations(int max) {
        return new LoopStep(id, body, until, gate, threshold, max, onExhausted);
    }

    /**
     * This loop with what happens when the bound is reached without exit.
     *
     * @param policy {@code PARTIAL} (the default), {@code FAIL} or {@code CONTINUE}
     * @return a new step
     */
    public LoopStep onExhausted(OnExhausted policy) {
        return new LoopStep(id, body, until, gate, threshold, maxIterations, policy);
    }

    /**
     * A sentence saying when the loop stops, e.g. {@code "qa-gate score ≥ 80 (max 3)"}.
     *
     * @return the description
     */
    public String exitDescription() {
        String exit = gate != null ? gate.name() + " score ≥ " + threshold : until != null ? until.description() : "?";
        return exit + " (max " + maxIterations + ")";
    }

    @Override
    public List<Step> children() {
        return body == null ? List.of() : List.of(body);
    }

    @Override
    public String kind() {
        return "loop";
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitLoop(this);
    }
}
