package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.gate.GateInput;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.gate.RuleGate;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The {@code pipeline-lint} rule gate of CI/CD Setup and the paragraph that states its checks in the prompt of the
 * step it gates, both made from one list of checks, so the pipeline's author is told exactly what is checked: the
 * pipeline file is not empty, it runs tests, and it holds no plain-text secret (a blocker).
 *
 * <pre>{@code
 * QualityGate lint = PipelineLint.gate();
 * String prompt = PipelineLint.appendTo(prompts.get("pipeline-github"));
 * }</pre>
 */
public final class PipelineLint {
    /** The gate's name (its threshold is {@code config.thresholdOf(GATE)}). */
    public static final String GATE = "pipeline-lint";
    /** A secret-looking key given a literal value of 12 or more characters (not a {@code $VAR} or template reference). */
    static final Pattern SECRET = Pattern.compile(
            "(?i)(password|passwd|secret|api[_-]?key|token)\\s*[:=]\\s*['\"]?(?!\\$|\\{\\{)[A-Za-z0-9/+_-]{12,}");

    private record Check(String name, String rule, boolean blocker, Predicate<GateInput> test) {
    }

    private static final List<Check> CHECKS = List.of(
            new Check("pipeline file is not empty", "`pipeline` holds the complete pipeline file", false,
                    in -> !pipeline(in).isBlank()),
            new Check("pipeline runs tests", "the pipeline runs the test jobs (a job or stage whose name contains `test`)", false,
                    in -> pipeline(in).toLowerCase().contains("test")),
            new Check("no plain-text secret", "no password, secret, API key or token is written as a literal value anywhere "
                    + "in the answer: reference it by variable name from the provider's secret store ($NAME or the "
                    + "provider's secrets context)", true,
                    in -> !SECRET.matcher(in.text()).find()));

    private PipelineLint() {
    }

    /**
     * The rule gate.
     *
     * @return the {@code pipeline-lint} gate with its three checks
     */
    public static QualityGate gate() {
        RuleGate.Builder b = QualityGates.rules(GATE);
        for (Check c : CHECKS) {
            if (c.blocker()) b.blocker(c.name(), c.test());
            else b.check(c.name(), c.test());
        }
        return b.build();
    }

    /**
     * {@code prompt} followed by the checks the gate runs on the answer.
     *
     * @param prompt the gated step's prompt
     * @return the prompt with the checks stated
     */
    public static String appendTo(String prompt) {
        StringBuilder sb = new StringBuilder(prompt.stripTrailing())
                .append("\n\nChecked before the pipeline is accepted (gate ").append(GATE)
                .append("; a failed check sends it back with the gate's feedback):");
        for (Check c : CHECKS) {
            sb.append("\n- ").append(c.name()).append(c.blocker() ? " (blocker)" : "").append(": ").append(c.rule()).append('.');
        }
        return sb.append('\n').toString();
    }

    private static String pipeline(GateInput in) {
        return in.json() == null ? "" : in.json().path("pipeline").asText("");
    }
}
