package dev.devora.orchestration.gate;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines gates. {@code allOf}: the score is the lowest score and every gate must pass. {@code weighted}: the
 * score is the weighted average. Checks, blockers and recommendations of every member are kept, prefixed with
 * the member's name.
 *
 * <pre>{@code
 * QualityGate release = QualityGates.allOf("release", structureRules, llmReview);
 * QualityGate blend = QualityGates.weighted("blend", Map.of(structureRules, 1, llmReview, 3));
 * }</pre>
 */
public final class CompositeGate implements QualityGate {
    private final String name;
    private final Map<QualityGate, Integer> weights;
    private final boolean allMustPass;

    CompositeGate(String name, Map<QualityGate, Integer> weights, boolean allMustPass) {
        if (weights.isEmpty()) throw new IllegalArgumentException("composite gate '" + name + "' has no members");
        weights.forEach((g, w) -> {
            if (w == null || w < 1) {
                throw new IllegalArgumentException("weight of gate '" + g.name() + "' must be ≥ 1, was " + w);
            }
        });
        this.name = name;
        this.weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        this.allMustPass = allMustPass;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GateVerdict evaluate(GateInput input) {
        List<CheckResult> checks = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        List<String> recommendations = new ArrayList<>();
        StringBuilder feedback = new StringBuilder();
        int min = 100;
        long weightedSum = 0;
        long totalWeight = 0;
        boolean allPassed = true;
        for (Map.Entry<QualityGate, Integer> member : weights.entrySet()) {
            GateVerdict v = member.getKey().evaluate(input);
            String prefix = v.gate() + ": ";
            checks.add(new CheckResult(v.gate(), v.score(), v.passed(), ""));
            v.checks().forEach(c -> checks.add(new CheckResult(prefix + c.name(), c.score(), c.passed(), c.detail())));
            v.blockers().forEach(b -> blockers.add(prefix + b));
            v.recommendations().forEach(r -> recommendations.add(prefix + r));
            if (!v.passed()) feedback.append("[").append(v.gate()).append("] ").append(v.feedback()).append('\n');
            min = Math.min(min, v.score());
            weightedSum += (long) v.score() * member.getValue();
            totalWeight += member.getValue();
            allPassed &= v.passed();
        }
        int score = allMustPass ? min : Math.round((float) weightedSum / totalWeight);
        if (allMustPass && !allPassed && score >= input.threshold()) {
            blockers.add("not every gate of '" + name + "' passed");
        }
        GateVerdict.Builder b = GateVerdict.builder(name, score, input.threshold()).checks(checks).blockers(blockers)
                .recommendations(recommendations);
        if (feedback.length() > 0) b.feedback("Score " + score + "/" + input.threshold() + ".\n" + feedback.toString().strip());
        return b.build();
    }


    @Override
    public String toString() {
        return "CompositeGate[" + name + (allMustPass ? ", all of " : ", weighted ") + weights.size() + "]";
    }
}
