package dev.devora.orchestration.engine;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlanAndMermaidTest {
    private final ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();

    private Workflow review() {
        LlmAgent architect = LlmAgent.builder("architect").role("architect").provider(llm).model("smart/model").build();
        LlmAgent reviewer = LlmAgent.builder("reviewer").provider(llm).build();
        return Workflow.builder("design-review").name("Design review")
                .input(InputSpec.builder().required("feature", "what to design").build())
                .step(Steps.agent("draft", architect).prompt("Design {{input.feature}}"))
                .step(Steps.parallel("critique",
                        Steps.agent("security", reviewer).prompt("Review {{draft}}"),
                        Steps.agent("cost", reviewer).prompt("Review {{draft}}")))
                .step(Steps.when("extra", Condition.inputEquals("feature", "payments"),
                        Steps.agent("pci", reviewer).prompt("PCI review of {{draft}}")))
                .step(Steps.loop("revise", Steps.agent("rewrite", architect)
                                .prompt("Improve {{draft}} using {{critique}} and {{gate.feedback}}"))
                        .until(QualityGates.llmJudge("qa", llm, "Complete?").build(), 80)
                        .maxIterations(3))
                .build();
    }

    @Test
    void plan_listsCallsWithRenderedPrompts_parallelGroups_andEstimates_withoutCallingAModel() {
        ExecutionPlan plan;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            plan = engine.plan(review(), Map.of("feature", "rate limiter"));
        }
        assertThat(llm.callCount()).isZero();
        // "input.feature = payments" is false for this input: extra/pci cannot run and is not counted
        assertThat(plan.calls()).extracting(ExecutionPlan.PlannedCall::path)
                .containsExactly("draft", "critique/security", "critique/cost", "revise/rewrite", "revise");
        assertThat(plan.calls().get(0).prompt()).isEqualTo("Design rate limiter");
        assertThat(plan.calls().get(0).model()).isEqualTo("smart/model");
        assertThat(plan.calls().get(1).prompt()).isEqualTo("Review «output of draft»");
        assertThat(plan.calls().get(1).parallelGroup()).isEqualTo("critique");
        assertThat(plan.calls().get(3).condition()).isEqualTo("× up to 3");
        assertThat(plan.calls().get(4).kind()).isEqualTo("judge");
        assertThat(plan.minCalls()).isEqualTo(5);      // draft, 2 critiques, rewrite + judge once
        assertThat(plan.maxCalls()).isEqualTo(9);      // loop of 2 calls × 3
        assertThat(plan.criticalPathCalls()).isEqualTo(8); // draft, one critique, 3 × (rewrite, judge)
        assertThat(plan.onePassCriticalPathCalls()).isEqualTo(4); // draft, one critique, rewrite, judge
        assertThat(plan.estimatedPromptTokens()).isGreaterThan(500 * 4)
                .isEqualTo(plan.calls().stream().mapToLong(ExecutionPlan.PlannedCall::estimatedPromptTokens).sum())
                .isEqualTo(plan.minEstimatedPromptTokens());
        assertThat(plan.toString()).contains("[conditional, resolved by the input: no branch runs]")
                .contains("not taken: when input.feature = payments (false for this input)");
        assertThat(plan.toString()).contains("[parallel ×2]").contains("[loop until qa score ≥ 80 (max 3)]");
    }

    @Test
    void mermaid_drawsParallelSubgraphs_labelledConditions_andLoopBackEdges() {
        String mermaid = review().toMermaid();

        assertThat(mermaid).startsWith("flowchart TD\n");
        assertThat(mermaid).contains("subgraph").contains("critique: parallel");
        assertThat(mermaid).contains("|\"input.feature = payments\"|").contains("|\"otherwise: skip\"|");
        assertThat(mermaid).contains("qa score ≥ 80 (max 3)").contains("|\"no: retry with feedback\"|");
        assertThat(mermaid).contains("draft<br/><i>architect</i>");
    }

    @Test
    void plan_estimatesCostFromTheProvidersPrices_andCountsCallsWithoutAPrice() {
        ScriptedLlmProvider priced = ScriptedLlmProvider.builder().costPerToken(new java.math.BigDecimal("0.000001")).build();
        LlmAgent cheap = LlmAgent.builder("cheap").provider(priced)
                .model(dev.devora.orchestration.agent.ModelOptions.builder().model("m").maxTokens(100).build()).build();
        LlmAgent unknown = LlmAgent.builder("unknown").provider(llm).build();
        Workflow wf = Workflow.builder("cost")
                .step(Steps.agent("a", cheap).prompt("x".repeat(400)))
                .step(Steps.agent("b", unknown).prompt("y"))
                .build();
        ExecutionPlan plan;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            plan = engine.plan(wf, Map.of());
        }
        // 100 prompt tokens + 100 completion tokens (its maxTokens, below the assumed 500) at $0.000001
        assertThat(plan.calls().get(0).estimatedCostUsd()).isEqualByComparingTo("0.0002");
        assertThat(plan.calls().get(1).estimatedCostUsd()).isNull();
        assertThat(plan.estimatedCostUsd()).isEqualByComparingTo("0.0002");
        assertThat(plan.callsWithoutPrice()).isEqualTo(1);
        assertThat(plan.toString()).contains("~$0.0002");
        assertThat(priced.callCount()).isZero();
    }
}
