package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateInput;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * "Meets target?": compares the <em>estimated</em> metrics a step reports under a field (e.g.
 * {@code estimated_metrics}) with the input's {@code target_metrics}, in plain Java. Lower is better for latency and
 * error rate, higher for throughput and uptime. The score is the share of targets met; the feedback lists every gap
 * with both numbers and says that they are estimates, not measurements.
 *
 * <pre>{@code
 * Steps.loop("tuning", body).until(new TargetGate("performance-targets", "estimated_metrics"), 100).maxIterations(3);
 * }</pre>
 */
public final class TargetGate implements QualityGate {
    static final Set<String> LOWER_IS_BETTER = Set.of("response_time_p95", "error_rate", "cpu_usage", "memory_usage");

    private final String name;
    private final String field;

    /**
     * A gate over the estimates under {@code field} of the judged step's JSON answer.
     *
     * @param name  the gate's name
     * @param field the member of the answer holding the estimated metrics, e.g. {@code "estimated_metrics"}
     */
    public TargetGate(String name, String field) {
        this.name = Objects.requireNonNull(name, "name");
        this.field = Objects.requireNonNull(field, "field");
        if (field.isBlank()) throw new IllegalArgumentException("field must name the answer's member holding the estimates, was blank");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GateVerdict evaluate(GateInput in) {
        JsonNode targets = in.state().input().path("target_metrics");
        JsonNode estimated = in.json() == null ? null : in.json().path(field);
        if (estimated == null || !estimated.isObject()) {
            return GateVerdict.fail(name, 0, in.threshold(), "report the estimated metrics under '" + field + "'");
        }
        int total = 0;
        int met = 0;
        StringBuilder gaps = new StringBuilder();
        List<CheckResult> checks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> t : targets.properties()) {
            if (!t.getValue().isNumber()) continue;
            total++;
            double target = t.getValue().asDouble();
            JsonNode e = estimated.path(t.getKey());
            boolean lower = LOWER_IS_BETTER.contains(t.getKey());
            boolean ok = e.isNumber() && (lower ? e.asDouble() <= target : e.asDouble() >= target);
            if (ok) met++;
            String detail = e.isNumber() ? String.format(Locale.ROOT, "estimated %s, target %s %s", num(e.asDouble()),
                    lower ? "≤" : "≥", num(target)) : "no estimated value";
            checks.add(new CheckResult(t.getKey(), ok ? 100 : 0, ok, detail));
            if (!ok) gaps.append("\n- ").append(t.getKey()).append(": ").append(detail);
        }
        int score = total == 0 ? 100 : Math.round(100f * met / total);
        GateVerdict.Builder v = GateVerdict.builder(name, score, in.threshold()).checks(checks);
        if (gaps.length() > 0) {
            v.feedback("Estimated metrics after the plan so far still miss targets (" + met + "/" + total + " met). "
                    + "These are estimates, not measurements:" + gaps
                    + "\nFocus the next optimisations on these metrics.");
        }
        return v.build();
    }

    private static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    @Override
    public String toString() {
        return "TargetGate[" + name + ", " + field + "]";
    }
}
