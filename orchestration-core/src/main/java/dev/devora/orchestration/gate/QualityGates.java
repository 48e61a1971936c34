package dev.devora.orchestration.gate;

import dev.devora.orchestration.llm.LlmProvider;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point to the built-in gates.
 *
 * <ul>
 *   <li>{@link #rules(String)}: deterministic checks (sections, JSON fields, length, regex, custom), each 0 or 100,
 *       averaged; blockers fail the gate whatever the score.</li>
 *   <li>{@link #llmJudge(String, LlmProvider, String)}: a model grades against a rubric (temperature 0 by default).</li>
 *   <li>{@link #allOf(String, QualityGate...)}: lowest score, all must pass.</li>
 *   <li>{@link #weighted(String, Map)}: weighted average score.</li>
 * </ul>
 *
 * <pre>{@code
 * QualityGate gate = QualityGates.allOf("release",
 *         QualityGates.rules("structure").requireSections("Summary", "Risks").build(),
 *         QualityGates.llmJudge("review", llm, "Is it actionable and complete?").build());
 * }</pre>
 */
public final class QualityGates {
    private QualityGates() {
    }

    /**
     * A gate of deterministic checks (sections, JSON fields, length, regex, custom), each scoring 0 or 100, averaged.
     *
     * @param name the gate's name
     * @return a builder; add at least one check
     */
    public static RuleGate.Builder rules(String name) {
        return RuleGate.builder(name);
    }

    /**
     * A gate where a model grades the output against a rubric. Its calls are made by an agent named after the gate,
     * {@code <name>-judge} (characters other than letters, digits, {@code _} and {@code -} become {@code -}), which
     * is the name to script in tests ({@code ScriptedLlmProvider.builder().whenAgent("qa-judge")}).
     *
     * @param name     the gate's name
     * @param provider the provider of the judge model
     * @param rubric   what the judge checks; not blank
     * @return a builder
     */
    public static LlmJudgeGate.Builder llmJudge(String name, LlmProvider provider, String rubric) {
        return LlmJudgeGate.builder(name, provider, rubric);
    }

    /**
     * A gate scoring the lowest score of the given gates; it passes only if all pass.
     *
     * @param name  the gate's name
     * @param gates the gates, evaluated in order
     * @return the gate
     */
    public static QualityGate allOf(String name, QualityGate... gates) {
        Map<QualityGate, Integer> weights = new LinkedHashMap<>();
        for (QualityGate g : gates) weights.put(g, 1);
        return new CompositeGate(name, weights, true);
    }

    /**
     * Weighted average; iteration order of the map is the order of the checks in the verdict.
     *
     * @param name    the gate's name
     * @param weights each gate with its weight
     * @return the gate
     */
    public static QualityGate weighted(String name, Map<QualityGate, Integer> weights) {
        return new CompositeGate(name, new LinkedHashMap<>(weights), false);
    }
}
