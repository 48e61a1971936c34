package dev.devora.orchestration.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.agent.AgentCall;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.ModelOptions;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.internal.Json;
import dev.devora.orchestration.llm.LlmProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A gate that asks a model to grade the work against a rubric. The judge answers JSON (score 0..100, checks with
 * their own scores, blockers, recommendations, feedback), which is validated and re-asked once if malformed. The
 * call goes through the engine, so it is accounted, budgeted and reported like any agent call.
 *
 * <pre>{@code
 * QualityGate qa = QualityGates.llmJudge("qa-review", llm, """
 *         Score the API design:
 *         - every endpoint has request, response and error payloads (40)
 *         - naming is consistent and resource-oriented (30)
 *         - pagination and versioning are addressed (30)
 *         """).model(ModelOptions.model("openai/gpt-5-mini")).build();
 * }</pre>
 */
public final class LlmJudgeGate implements QualityGate {
    static final JsonNode VERDICT_SCHEMA = Json.NODES.objectNode()
            .put("type", "object")
            .<com.fasterxml.jackson.databind.node.ObjectNode>set("properties", Json.NODES.objectNode()
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("score", Json.NODES.objectNode().put("type", "integer"))
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("checks", Json.NODES.objectNode().put("type", "array")
                            .set("items", Json.NODES.objectNode().put("type", "object")
                                    .set("properties", Json.NODES.objectNode()
                                            .<com.fasterxml.jackson.databind.node.ObjectNode>set("name", Json.NODES.objectNode().put("type", "string"))
                                            .<com.fasterxml.jackson.databind.node.ObjectNode>set("score", Json.NODES.objectNode().put("type", "integer"))
                                            .set("comment", Json.NODES.objectNode().put("type", "string")))))
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("blockers", stringArray())
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("recommendations", stringArray())
                    .set("feedback", Json.NODES.objectNode().put("type", "string")))
            .set("required", Json.NODES.arrayNode().add("score").add("feedback"));

    private final String name;
    private final String rubric;
    private final LlmAgent judge;

    private LlmJudgeGate(Builder b) {
        this.name = b.name;
        this.rubric = b.rubric;
        this.judge = LlmAgent.builder(b.name.replaceAll("[^A-Za-z0-9_-]", "-") + "-judge")
                .role("strict reviewer who grades work against a rubric")
                .instructions("Grade the work you are given against the rubric. Be specific: every deduction names "
                        + "what is missing or wrong and how to fix it. 'score' is 0..100. 'blockers' lists only "
                        + "problems that make the work unusable. 'feedback' tells the author what to change next.")
                .provider(b.provider)
                .model(b.model)
                .output(OutputSpec.json("gate_verdict", VERDICT_SCHEMA))
                .maxFormatRetries(1)
                .build();
    }

    static Builder builder(String name, LlmProvider provider, String rubric) {
        return new Builder(name, provider, rubric);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The rubric the judge grades against.
     *
     * @return the rubric
     */
    public String rubric() {
        return rubric;
    }

    /**
     * The agent that grades: its provider and model options.
     *
     * @return the judge agent
     */
    public LlmAgent judge() {
        return judge;
    }

    @Override
    public GateVerdict evaluate(GateInput input) {
        String prompt = "Rubric:\n" + rubric.strip() + "\n\nPassing score: " + input.threshold() + "/100.\n\n"
                + "Work to grade (output of step '" + input.subjectId() + "'):\n<<<\n" + input.text() + "\n>>>";
        AgentResult result = judge.run(new AgentCall(prompt, input.attempt(), input.context()));
        JsonNode v = result.json();
        int score = clamp(v.path("score").asInt(0));
        List<CheckResult> checks = new ArrayList<>();
        for (JsonNode c : v.path("checks")) {
            int s = clamp(c.path("score").asInt(0));
            checks.add(new CheckResult(c.path("name").asText("check"), s, s >= input.threshold(), c.path("comment").asText("")));
        }
        GateVerdict.Builder verdict = GateVerdict.builder(name, score, input.threshold()).checks(checks)
                .feedback(v.path("feedback").asText(""));
        v.path("blockers").forEach(b -> verdict.blocker(b.asText()));
        v.path("recommendations").forEach(r -> verdict.recommendation(r.asText()));
        return verdict.build();
    }

    private static int clamp(int score) {
        return Math.max(0, Math.min(100, score));
    }

    private static JsonNode stringArray() {
        return Json.NODES.objectNode().put("type", "array").set("items", Json.NODES.objectNode().put("type", "string"));
    }

    @Override
    public String toString() {
        return "LlmJudgeGate[" + name + ", model=" + judge.modelOptions().model() + "]";
    }

    /** Builder; start with {@link QualityGates#llmJudge}. */
    public static final class Builder {
        private final String name;
        private final LlmProvider provider;
        private final String rubric;
        private ModelOptions model = ModelOptions.builder().temperature(0.0).build();

        private Builder(String name, LlmProvider provider, String rubric) {
            this.name = Objects.requireNonNull(name, "name");
            this.provider = Objects.requireNonNull(provider, "provider");
            this.rubric = Objects.requireNonNull(rubric, "rubric");
            if (rubric.isBlank()) throw new IllegalArgumentException("judge gate '" + name + "' needs a rubric");
        }

        /**
         * The judge's model (default: the provider's default model, temperature 0).
         *
         * @param model the options; not null
         * @return this builder
         */
        public Builder model(ModelOptions model) { this.model = Objects.requireNonNull(model, "model"); return this; }

        /**
         * Builds the gate.
         *
         * @return the gate
         */
        public LlmJudgeGate build() {
            return new LlmJudgeGate(this);
        }
    }
}
