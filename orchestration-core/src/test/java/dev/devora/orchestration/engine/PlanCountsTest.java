package dev.devora.orchestration.engine;

import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A plan's call counts for bounds near {@code Integer.MAX_VALUE}: they saturate, they never wrap around. */
class PlanCountsTest {
    private final ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
    private final LlmAgent writer = LlmAgent.builder("writer").provider(llm).build();

    private static ExecutionPlan plan(Workflow wf) {
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            return engine.plan(wf, Map.of());
        }
    }

    @Test
    void aGateRetriedUpToIntegerMaxValue_countsAtMostIntegerMaxValueCalls() {
        // observed: retry(Integer.MAX_VALUE) runs, but its plan multiplied 2 calls by 2^31 - 1 and wrapped to -2
        Workflow wf = Workflow.builder("huge-gate").step(Steps.gate("g", Steps.agent("draft", writer).prompt("draft"),
                QualityGates.llmJudge("judge", llm, "is it good?").build()).onFailure(GatePolicy.retry(Integer.MAX_VALUE)))
                .build();
        ExecutionPlan plan = plan(wf);

        assertThat(plan.minCalls()).isEqualTo(2);
        assertThat(plan.onePassCriticalPathCalls()).isEqualTo(2);
        assertThat(plan.maxCalls()).isEqualTo(Integer.MAX_VALUE);
        assertThat(plan.criticalPathCalls()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void nestedLoopsAndSequencesOfHugeBounds_saturate_insteadOfWrapping() {
        // 100,000 × 100,000 calls in each of two steps, and both in parallel: every sum and product saturates
        Workflow wf = Workflow.builder("huge-loops")
                .step(Steps.parallel("p",
                        Steps.loop("outer", Steps.loop("inner", Steps.agent("a", writer).prompt("a"))
                                .until(Condition.of("never", s -> false)).maxIterations(100_000))
                                .until(Condition.of("never", s -> false)).maxIterations(100_000),
                        Steps.agent("b", writer).prompt("b")))
                .step(Steps.gate("g", Steps.agent("c", writer).prompt("c"),
                        QualityGates.llmJudge("judge", llm, "ok?").build()).onFailure(GatePolicy.retry(Integer.MAX_VALUE - 1)))
                .build();
        ExecutionPlan plan = plan(wf);

        assertThat(plan.minCalls()).isEqualTo(4);
        assertThat(plan.maxCalls()).isEqualTo(Integer.MAX_VALUE);
        assertThat(plan.criticalPathCalls()).isEqualTo(Integer.MAX_VALUE);
        assertThat(plan.onePassCriticalPathCalls()).isEqualTo(3);
    }

    @Test
    void boundsThatFit_areCountedExactly() {
        Workflow wf = Workflow.builder("fits").step(Steps.loop("l", Steps.agent("a", writer).prompt("a"))
                .until(Condition.of("never", s -> false)).maxIterations(1_000)).build();
        ExecutionPlan plan = plan(wf);

        assertThat(plan.maxCalls()).isEqualTo(1_000);
        assertThat(plan.criticalPathCalls()).isEqualTo(1_000);
    }
}
