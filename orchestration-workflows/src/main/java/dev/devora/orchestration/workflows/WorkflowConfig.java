package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.workflows.roles.Roles;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a predefined workflow is tuned: model policy, loop bound, gate thresholds, extra quality gates added to the
 * workflow's final gate, replacement instructions for roles, and the run's budget.
 *
 * <p>Defaults: {@link ModelPolicy#defaults()}, 3 iterations, threshold 80 for every gate, no extra gate, the
 * catalogue's instructions, no budget.
 *
 * <pre>{@code
 * WorkflowConfig config = WorkflowConfig.builder()
 *         .maxIterations(2)
 *         .gateThreshold("qa-release", 90)
 *         .extraGate(QualityGates.rules("has-auth").mentions("401").build())
 *         .instructions("copywriter", "Write in the voice of a friendly French bakery.")
 *         .budget(RunOptions.builder().maxCostUsd("2.00").build())
 *         .build();
 * Workflows.apiDevelopment(llm, config).run(input);
 * }</pre>
 *
 * @param modelPolicy    which model each role uses
 * @param maxIterations  bound of every refinement loop and of gate retries + 1 (≥ 1)
 * @param gateThreshold  score (0..100) needed by gates without their own threshold
 * @param gateThresholds per gate name (e.g. {@code "qa-release"}), overriding {@code gateThreshold}
 * @param extraGates     gates combined (all must pass) with each workflow's final gate
 * @param instructions   role id → instructions replacing the catalogue's
 * @param budget         limits of each run (timeout, tokens, cost)
 */
public record WorkflowConfig(ModelPolicy modelPolicy, int maxIterations, int gateThreshold,
                             Map<String, Integer> gateThresholds, List<QualityGate> extraGates,
                             Map<String, String> instructions, RunOptions budget) {
    private static final WorkflowConfig DEFAULTS = builder().build();

    /**
     * Checks the model policy and copies the collections; a null budget becomes {@code RunOptions.NONE}.
     *
     * @param modelPolicy    which model each role uses
     * @param maxIterations  bound of every refinement loop and of gate retries + 1 (at least 1)
     * @param gateThreshold  score (0..100) needed by gates without their own threshold
     * @param gateThresholds per gate name, overriding {@code gateThreshold}
     * @param extraGates     gates combined (all must pass) with each workflow's final gate
     * @param instructions   role id to instructions replacing the catalogue's
     * @param budget         limits of each run; or null for none
     */
    public WorkflowConfig {
        Objects.requireNonNull(modelPolicy, "modelPolicy");
        gateThresholds = Collections.unmodifiableMap(new LinkedHashMap<>(gateThresholds));
        extraGates = List.copyOf(extraGates);
        instructions = Collections.unmodifiableMap(new LinkedHashMap<>(instructions));
        budget = budget == null ? RunOptions.NONE : budget;
    }

    /**
     * The defaults listed above.
     *
     * @return the default configuration
     */
    public static WorkflowConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration, to make a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder().modelPolicy(modelPolicy).maxIterations(maxIterations).gateThreshold(gateThreshold)
                .budget(budget);
        b.gateThresholds.putAll(gateThresholds);
        b.extraGates.addAll(extraGates);
        b.instructions.putAll(instructions);
        return b;
    }

    /**
     * The threshold of a gate: its own, else the default.
     *
     * @param gateName the gate's name, e.g. {@code "qa-release"}
     * @return the threshold, 0..100
     */
    public int thresholdOf(String gateName) {
        return gateThresholds.getOrDefault(gateName, gateThreshold);
    }

    /** Builder for {@link WorkflowConfig}; {@link #build()} reports every invalid value at once. */
    public static final class Builder {
        private ModelPolicy modelPolicy = ModelPolicy.defaults();
        private int maxIterations = 3;
        private int gateThreshold = 80;
        private final Map<String, Integer> gateThresholds = new LinkedHashMap<>();
        private final List<QualityGate> extraGates = new ArrayList<>();
        private final Map<String, String> instructions = new LinkedHashMap<>();
        private RunOptions budget = RunOptions.NONE;

        private Builder() {
        }

        /**
         * Which model each role uses; default {@link ModelPolicy#defaults()}.
         *
         * @param policy the policy; not null
         * @return this builder
         */
        public Builder modelPolicy(ModelPolicy policy) { this.modelPolicy = Objects.requireNonNull(policy, "modelPolicy"); return this; }
        /**
         * Bound of refinement loops (default 3).
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder maxIterations(int max) { this.maxIterations = max; return this; }
        /**
         * Threshold of every gate without its own (default 80).
         *
         * @param score 0..100
         * @return this builder
         */
        public Builder gateThreshold(int score) { this.gateThreshold = score; return this; }
        /**
         * Threshold of one gate, by name.
         *
         * @param gateName the gate's name, e.g. {@code "qa-release"}
         * @param score    0..100
         * @return this builder
         */
        public Builder gateThreshold(String gateName, int score) { gateThresholds.put(Objects.requireNonNull(gateName, "gateName"), score); return this; }
        /**
         * A gate that must also pass at the workflow's final gate.
         *
         * @param gate the gate; not null
         * @return this builder
         */
        public Builder extraGate(QualityGate gate) { extraGates.add(Objects.requireNonNull(gate, "gate")); return this; }
        /**
         * Replaces the instructions of a role (by id, e.g. {@code "copywriter"}).
         *
         * @param roleId the role id
         * @param text   the instructions, Markdown, not blank
         * @return this builder
         */
        public Builder instructions(String roleId, String text) { instructions.put(roleId, text); return this; }
        /**
         * Limits applied to each run.
         *
         * @param options the limits; default {@code RunOptions.NONE}
         * @return this builder
         */
        public Builder budget(RunOptions options) { this.budget = options; return this; }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException listing every invalid value (iterations, thresholds, unknown roles, blank
         *     instructions)
         */
        public WorkflowConfig build() {
            List<String> problems = new ArrayList<>();
            if (maxIterations < 1) problems.add("maxIterations must be ≥ 1, was " + maxIterations);
            if (gateThreshold < 0 || gateThreshold > 100) problems.add("gateThreshold must be 0..100, was " + gateThreshold);
            gateThresholds.forEach((name, score) -> {
                if (score == null || score < 0 || score > 100) {
                    problems.add("gateThreshold of '" + name + "' must be 0..100, was " + score);
                }
            });
            instructions.forEach((role, text) -> {
                try {
                    Roles.byId(role);
                } catch (IllegalArgumentException e) {
                    problems.add("instructions: " + e.getMessage());
                }
                if (text == null || text.isBlank()) problems.add("instructions of '" + role + "' must not be blank");
            });
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("WorkflowConfig: " + String.join("; ", problems));
            }
            return new WorkflowConfig(modelPolicy, maxIterations, gateThreshold, gateThresholds, extraGates,
                    instructions, budget);
        }
    }
}
