package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateInput;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * "Meets target?": compares the metrics a step reports under {@code projected} with the input's
 * {@code target_metrics}, in plain Java. Lower is better for latency and error rate, higher for throughput and
 * uptime. The score is the share of targets met; the feedback lists every gap with both numbers.
 *
 * <pre>{@code
 * Steps.loop("tuning", body).until(new TargetGate("performance-targets"), 100).maxIterations(3);
 * }</pre>
 */
public final class TargetGate implements QualityGate {
    static final Set<String> LOWER_IS_BETTER = Set.of("response_time_p95", "error_rate", "cpu_usage", "memory_usage");

    private final String name;

    public TargetGate(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GateVerdict evaluate(GateInput in) {
        JsonNode targets = in.state().input().path("target_metrics");
        JsonNode projected = in.json() == null ? null : in.json().path("projected");
        if (projected == null || !projected.isObject()) {
            return GateVerdict.fail(name, 0, in.threshold(), "report the projected metrics under 'projected'");
        }
        int total = 0;
        int met = 0;
        GateVerdict.Builder v = null;
        StringBuilder gaps = new StringBuilder();
        java.util.List<CheckResult> checks = new java.util.ArrayList<>();
        for (Map.Entry<String, JsonNode> t : targets.properties()) {
            if (!t.getValue().isNumber()) continue;
            total++;
            double target = t.getValue().asDouble();
            JsonNode p = projected.path(t.getKey());
            boolean lower = LOWER_IS_BETTER.contains(t.getKey());
            boolean ok = p.isNumber() && (lower ? p.asDouble() <= target : p.asDouble() >= target);
            if (ok) met++;
            String detail = p.isNumber() ? String.format(Locale.ROOT, "projected %s, target %s %s", num(p.asDouble()),
                    lower ? "≤" : "≥", num(target)) : "no projected value";
            checks.add(new CheckResult(t.getKey(), ok ? 100 : 0, ok, detail));
            if (!ok) gaps.append("\n- ").append(t.getKey()).append(": ").append(detail);
        }
        int score = total == 0 ? 100 : Math.round(100f * met / total);
        v = GateVerdict.builder(name, score, in.threshold()).checks(checks);
        if (gaps.length() > 0) {
            v.feedback("Targets not met yet (" + met + "/" + total + "):" + gaps
                    + "\nFocus the next optimisations on these metrics.");
        }
        return v.build();
    }

    private static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    @Override
    public String toString() {
        return "TargetGate[" + name + "]";
    }
}
