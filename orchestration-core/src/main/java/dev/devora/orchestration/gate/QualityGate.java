package dev.devora.orchestration.gate;

/**
 * Scores a step's work from 0 to 100 and says what to fix. Gates are immutable and shared; an LLM judge calls its
 * model through {@link GateInput#context()} so the call is accounted like any other.
 *
 * <p>Built in (see {@link QualityGates}): rule checks, an LLM judge with a rubric, all-of and weighted composition.
 *
 * <pre>{@code
 * QualityGate hasTests = QualityGate.of("has-tests", in -> in.text().contains("@Test")
 *         ? GateVerdict.pass("has-tests", 100, in.threshold())
 *         : GateVerdict.fail("has-tests", 0, in.threshold(), "no JUnit test found"));
 * }</pre>
 */
public interface QualityGate {

    /**
     * A short name for events, diagrams and the gate history, e.g. {@code "qa-release"}.
     *
     * @return the gate's name
     */
    String name();

    /**
     * Scores the input. Must not return null.
     *
     * @param input the gated output, the threshold, the attempt, the run state and model access
     * @return the verdict
     */
    GateVerdict evaluate(GateInput input);

    /**
     * A gate from a function.
     *
     * @param name     the gate's name
     * @param evaluate scores an input; must not return null
     * @return the gate
     */
    static QualityGate of(String name, java.util.function.Function<GateInput, GateVerdict> evaluate) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(evaluate, "evaluate");
        return new QualityGate() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public GateVerdict evaluate(GateInput input) {
                return evaluate.apply(input);
            }

            @Override
            public String toString() {
                return "QualityGate[" + name + "]";
            }
        };
    }
}
