package dev.devora.orchestration.engine;

import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetTest {

    private static ScriptedLlmProvider provider() {
        return ScriptedLlmProvider.builder().otherwise(r -> "x".repeat(400))
                .costPerToken(new BigDecimal("0.001")).build();
    }

    private static Workflow fiveSteps(ScriptedLlmProvider llm) {
        LlmAgent a = LlmAgent.builder("a").provider(llm).build();
        Workflow.Builder b = Workflow.builder("five");
        for (int i = 1; i <= 5; i++) b.step(Steps.agent("s" + i, a).prompt("step " + i));
        return b.build();
    }

    @Test
    void tokenBudget_stopsTheRun_keepingEveryFinishedOutput() {
        ScriptedLlmProvider llm = provider();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            result = engine.run(fiveSteps(llm), Map.of(), RunOptions.builder().maxTokens(250).build());
        }
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        BudgetExceededException e = (BudgetExceededException) result.failure().orElseThrow();
        assertThat(e.limit()).isEqualTo(BudgetExceededException.Limit.TOKENS);
        // 2 calls of 103 tokens fit; a third would cross the limit, so it is not sent
        assertThat(e).hasMessage("Budget exceeded: tokens 206 spent + ~103 for the next call of step 's3' > limit 250");
        assertThat(llm.callCount()).isEqualTo(2);
        assertThat(result.outputs()).containsOnlyKeys("s1", "s2");
        assertThat(result.metrics().usage().totalTokens()).isEqualTo(206);
    }

    @Test
    void usdBudget_stopsTheRun_beforeTheNextCallOnceReached() {
        ScriptedLlmProvider llm = provider();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            result = engine.run(fiveSteps(llm), Map.of(), RunOptions.builder().maxCostUsd("0.206").build());
        }
        BudgetExceededException e = (BudgetExceededException) result.failure().orElseThrow();
        assertThat(e.limit()).isEqualTo(BudgetExceededException.Limit.COST_USD);
        assertThat(e.spent()).isEqualByComparingTo("0.206");
        assertThat(llm.callCount()).isEqualTo(2);
        assertThat(result.outputs()).containsOnlyKeys("s1", "s2");
        assertThat(result.metrics().usage().costUsd()).isEqualByComparingTo("0.206");
    }

    @Test
    void usdBudget_countsAnEstimatedCost_whenTheProviderReportedNone() {
        ScriptedLlmProvider scripted = ScriptedLlmProvider.builder().otherwise(r -> "x".repeat(400)).build();
        LlmProvider estimating = new LlmProvider() { // no reported cost, a client estimate (as from list prices)
            @Override
            public String name() {
                return "estimating";
            }

            @Override
            public LlmResponse complete(LlmRequest request) {
                LlmResponse answer = scripted.complete(request);
                Usage u = answer.usage();
                return answer.toBuilder().usage(new Usage(u.promptTokens(), u.completionTokens(), 0, 0, null,
                        new BigDecimal("0.10"))).build();
            }
        };
        LlmAgent a = LlmAgent.builder("a").provider(estimating).build();
        Workflow.Builder b = Workflow.builder("five");
        for (int i = 1; i <= 5; i++) b.step(Steps.agent("s" + i, a).prompt("step " + i));
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            result = engine.run(b.build(), Map.of(), RunOptions.builder().maxCostUsd("0.20").estimatedCallCostUsd("0.10").build());
        }

        BudgetExceededException e = (BudgetExceededException) result.failure().orElseThrow();
        assertThat(e.limit()).isEqualTo(BudgetExceededException.Limit.COST_USD);
        assertThat(e.spent()).isEqualByComparingTo("0.20");
        assertThat(scripted.callCount()).isEqualTo(2);
        assertThat(result.outputs()).containsOnlyKeys("s1", "s2");
    }

    @Test
    void budgetRefusalInOneBranch_cancelsTheOtherBranches() {
        ScriptedLlmProvider llm = provider();
        Workflow wf = Workflow.builder("pb").step(Steps.parallel("p",
                Steps.agent("big", LlmAgent.builder("big").provider(llm).build()).prompt("x".repeat(400)),
                Steps.task("wait", "waits 5 s", ctx -> {
                    Thread.sleep(5_000);
                    return "done";
                }))).build();
        long t0 = System.nanoTime();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            result = engine.run(wf, Map.of(), RunOptions.builder().maxTokens(50).build());
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
        assertThat(result.failure().orElseThrow()).isInstanceOf(BudgetExceededException.class);
        assertThat(llm.callCount()).isZero(); // its prompt alone exceeds the limit
        assertThat(llm.inFlight()).isZero();
    }

    @Test
    void usdLimitsThatAreNoAmount_areRefusedAtOnce_withABoundedMessage() {
        for (String v : new String[] {"1e-999999999", "1e999999999"}) {
            BigDecimal value = new BigDecimal(v);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunOptions.builder().maxCostUsd(value).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("maxCostUsd must be an amount in USD")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> RunOptions.builder().maxCostUsd("1").estimatedCallCostUsd(value).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("estimatedCallCostUsd must be an amount in USD");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RunOptions.builder().maxCostUsd(new BigDecimal("-1e999999999")).build())
                .hasMessage("maxCostUsd must be > 0, was -1E+999999999");
        assertThat(RunOptions.builder().maxCostUsd("0.000000000000000001").build().maxCostUsd()).isNotNull();
    }

    @Test
    void aBudgetMessage_staysShort_whateverTheAmounts() {
        BudgetExceededException e = new BudgetExceededException(BudgetExceededException.Limit.COST_USD,
                new BigDecimal("1e-999999999"), new BigDecimal("1e999999999"), new BigDecimal("1e-999999999"), "s");
        assertThat(e.getMessage()).hasSizeLessThan(200).contains("1E+999999999");
    }
}
