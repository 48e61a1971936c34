package dev.devora.orchestration.engine;

import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.ModelOptions;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Budgets are caps: reproductions of what an independent check observed (issue 8, item C) against the admission
 * rule "spent + reserved in flight + this call's reservation ≤ limit".
 */
class BudgetAdmissionTest {
    /** 90 answer tokens (characters / 4 + 1, the scripted provider's count). */
    private static final String ANSWER = "x".repeat(356);
    private static final BigDecimal PRICE = new BigDecimal("0.0001"); // per token: a call of ~93 tokens ≈ $0.0093

    private static ScriptedLlmProvider priced(java.util.function.Function<dev.devora.orchestration.llm.LlmRequest, Duration> latency) {
        return ScriptedLlmProvider.builder().otherwise(r -> ANSWER).latency(latency).costPerToken(PRICE).build();
    }

    private static LlmAgent agent(ScriptedLlmProvider llm, Integer maxTokens) {
        return LlmAgent.builder("a").provider(llm).model(ModelOptions.builder().maxTokens(maxTokens).build()).build();
    }

    private static Workflow parallel(LlmAgent agent, int branches) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < branches; i++) steps.add(Steps.agent("b" + i, agent).prompt("branch " + i));
        return Workflow.builder("wide").step(Steps.parallel("p", steps)).build();
    }

    private static WorkflowResult run(Workflow wf, Map<String, ?> input, RunOptions options) {
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            return engine.run(wf, input, options);
        }
    }

    /** Every call the provider received is in the metrics, and the figures agree everywhere. */
    private static void assertAccountedOnce(ScriptedLlmProvider llm, WorkflowResult result) {
        assertThat(result.metrics().calls()).hasSize(llm.callCount());
        assertThat(result.metrics().llmCalls()).isEqualTo(llm.callCount());
        if (result.failure().orElse(null) instanceof BudgetExceededException e) {
            BigDecimal metricsFigure = e.limit() == BudgetExceededException.Limit.TOKENS
                    ? BigDecimal.valueOf(result.metrics().usage().totalTokens()) : result.metrics().spentUsd();
            assertThat(e.spent()).isEqualByComparingTo(metricsFigure);
        }
    }

    @Test
    void eightParallelCentCalls_againstTwoAndAHalfCents_spendAtMostTheCap() {
        // observed: 9 calls started, $0.09 accounted against $0.025 (3.6×)
        ScriptedLlmProvider llm = priced(r -> Duration.ofMillis(100));
        WorkflowResult result = run(parallel(agent(llm, 90), 8), Map.of(), RunOptions.builder().maxCostUsd("0.025").build());

        assertThat(result.metrics().spentUsd()).isLessThanOrEqualTo(new BigDecimal("0.025"));
        assertThat(llm.callCount()).isEqualTo(2); // 2 × $0.0093 fit, a third reservation does not
        BudgetExceededException e = (BudgetExceededException) result.failure().orElseThrow();
        assertThat(e.limit()).isEqualTo(BudgetExceededException.Limit.COST_USD);
        assertThat(e.nextCall()).isPresent();
        assertThat(e.getMessage()).contains("for the next call of step 'p/b").contains("> limit 0.025 USD");
        assertThat(result.outputs()).hasSize(2); // both paid answers kept
        assertThat(llm.interruptedCalls()).isZero();
        assertAccountedOnce(llm, result);
    }

    @Test
    void sequentialCalls_stopBeforeTheCallThatWouldCrossTheCap() {
        // observed: sequentially 3 calls were allowed against $0.025 ($0.03 spent)
        ScriptedLlmProvider llm = priced(r -> Duration.ZERO);
        LlmAgent a = agent(llm, 90);
        Workflow.Builder b = Workflow.builder("seq");
        for (int i = 0; i < 5; i++) b.step(Steps.agent("s" + i, a).prompt("step " + i));
        WorkflowResult result = run(b.build(), Map.of(), RunOptions.builder().maxCostUsd("0.025").build());

        assertThat(llm.callCount()).isEqualTo(2);
        assertThat(result.outputs()).containsOnlyKeys("s0", "s1");
        assertThat(result.metrics().spentUsd()).isLessThanOrEqualTo(new BigDecimal("0.025"));
        assertAccountedOnce(llm, result);
    }

    @Test
    void staggeredLatencies_sendNoCallThatIsThenAbortedUnrecorded() {
        // observed: 6 calls were sent, aborted and recorded nowhere
        ScriptedLlmProvider llm = priced(r -> Duration.ofMillis(
                40L * Integer.parseInt(r.attribute(dev.devora.orchestration.llm.LlmRequest.STEP_PATH).substring(3))));
        WorkflowResult result = run(parallel(agent(llm, 90), 8), Map.of(), RunOptions.builder().maxCostUsd("0.025").build());

        assertThat(llm.interruptedCalls()).isZero();
        assertThat(result.metrics().calls()).noneMatch(LlmCallRecord::aborted);
        assertThat(result.metrics().spentUsd()).isLessThanOrEqualTo(new BigDecimal("0.025"));
        assertThat(result.outputs()).hasSize(llm.callCount());
        assertAccountedOnce(llm, result);
    }

    @Test
    void tokenCap_isACapForParallelBranches() {
        // observed: 450–600 tokens against 375
        ScriptedLlmProvider llm = priced(r -> Duration.ofMillis(50));
        WorkflowResult result = run(parallel(agent(llm, 90), 8), Map.of(), RunOptions.builder().maxTokens(375).build());

        assertThat(result.metrics().usage().totalTokens()).isLessThanOrEqualTo(375);
        assertThat(llm.callCount()).isEqualTo(4); // 4 × 93 = 372
        assertThat(((BudgetExceededException) result.failure().orElseThrow()).limit())
                .isEqualTo(BudgetExceededException.Limit.TOKENS);
        assertAccountedOnce(llm, result);
    }

    @Test
    void unboundedAnswers_firstCallGoesAlone_thenTheLongestAnswerIsReserved() {
        // no maxTokens: the first call shows how long answers are before a burst can be sent
        ScriptedLlmProvider llm = priced(r -> Duration.ofMillis(50));
        WorkflowResult result = run(parallel(agent(llm, null), 8), Map.of(), RunOptions.builder().maxTokens(375).build());

        assertThat(result.metrics().usage().totalTokens()).isLessThanOrEqualTo(375);
        assertThat(llm.callCount()).isEqualTo(4);
        assertAccountedOnce(llm, result);
    }

    @Test
    void aPromptLargerThanTheTokenCap_isNeverSent() {
        // observed: a 1,000-token cap still sent a 2.6-million-token prompt
        ScriptedLlmProvider llm = priced(r -> Duration.ZERO);
        Workflow wf = Workflow.builder("big")
                .input(InputSpec.builder().required("document", "the document").build())
                .step(Steps.agent("summarize", agent(llm, 200)).prompt("Summarize {{input.document}}")).build();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.builder().defaultContextTokens(10_000_000).build()) { // fits the context
            result = engine.run(wf, Map.of("document", "word ".repeat(2_080_000)), RunOptions.builder().maxTokens(1_000).build());
        }

        assertThat(llm.callCount()).isZero();
        BudgetExceededException e = (BudgetExceededException) result.failure().orElseThrow();
        assertThat(e.spent()).isEqualByComparingTo("0");
        assertThat(e.nextCall().orElseThrow()).isGreaterThan(new BigDecimal("2600000"));
        assertThat(e.step()).contains("summarize");
    }

    @Test
    void anAnswerThatCrossedTheCap_isKept_andTheRunEndsThere() {
        // observed: answers that crossed the cap were accounted but dropped from the outputs
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().otherwise(r -> "x".repeat(4_000)).costPerToken(PRICE).build();
        LlmAgent a = agent(llm, null); // the first answer cannot be bounded: it crosses the cap
        Workflow wf = Workflow.builder("two").step(Steps.agent("first", a).prompt("one"))
                .step(Steps.agent("second", a).prompt("two")).build();
        WorkflowResult result = run(wf, Map.of(), RunOptions.builder().maxTokens(500).build());

        assertThat(result.outputs()).containsOnlyKeys("first");
        assertThat(result.outputs().get("first").text()).hasSize(4_000);
        assertThat(llm.callCount()).isEqualTo(1);
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).isInstanceOf(BudgetExceededException.class);
        assertAccountedOnce(llm, result);
    }

    @Test
    void anAnswerThatCrossedTheCapInTheLastStep_isKept_andTheRunFailsWithTheBudget() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().otherwise(r -> "x".repeat(4_000)).costPerToken(PRICE).build();
        Workflow wf = Workflow.builder("one").step(Steps.agent("only", agent(llm, null)).prompt("one")).build();
        WorkflowResult result = run(wf, Map.of(), RunOptions.builder().maxCostUsd("0.05").build());

        assertThat(result.outputs()).containsOnlyKeys("only");
        BudgetExceededException e = (BudgetExceededException) result.failure().orElseThrow();
        assertThat(e).hasMessageContaining("> limit 0.05 USD");
        assertAccountedOnce(llm, result);
    }

    @Test
    void aUsdCapWithoutAnyKnownPrice_isRefusedAtStart_namingTheOptionAndTheModel() {
        // observed: a USD cap was silently not enforced when the provider reports no cost (run SUCCEEDED)
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().otherwise(r -> ANSWER).build(); // no price, no cost
        LlmAgent a = LlmAgent.builder("a").provider(llm).model("acme/unpriced").build();
        Workflow wf = parallel(a, 8);
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            assertThatThrownBy(() -> engine.run(wf, Map.of(), RunOptions.builder().maxCostUsd("0.025").build()))
                    .isInstanceOf(InputValidationException.class)
                    .hasMessageContaining("options.maxCostUsd")
                    .hasMessageContaining("acme/unpriced")
                    .hasMessageContaining("p/b0");
        }
        assertThat(llm.callCount()).isZero();
    }

    @Test
    void aUsdCapWithoutPrices_isEnforcedOnAnExplicitPerCallEstimate() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().otherwise(r -> ANSWER).latency(Duration.ofMillis(50)).build();
        WorkflowResult result = run(parallel(agent(llm, 90), 8), Map.of(), RunOptions.builder()
                .maxCostUsd("0.025").estimatedCallCostUsd("0.01").build());

        assertThat(llm.callCount()).isEqualTo(2);
        assertThat(result.metrics().spentUsd()).isEqualByComparingTo("0.02");
        assertThat(result.metrics().usage().isCostEstimated()).isTrue();
        assertThat(result.metrics().callsWithoutCost()).isZero();
        assertThat(result.stateJson() + result.toJson().toString()).contains("\"estimated_cost_usd\":\"0.02\"");
        assertAccountedOnce(llm, result);
    }

    @Test
    void anUnreportedCost_isEstimatedFromThePrice_andCountsAgainstTheCap() {
        // a provider that knows prices but reports no cost: the engine counts tokens × price
        ScriptedLlmProvider silent = ScriptedLlmProvider.builder().otherwise(r -> ANSWER).costPerToken(PRICE)
                .reportsCost(false).build();
        WorkflowResult result = run(parallel(agent(silent, 90), 8), Map.of(), RunOptions.builder().maxCostUsd("0.025").build());

        assertThat(silent.callCount()).isEqualTo(2);
        assertThat(result.metrics().spentUsd()).isLessThanOrEqualTo(new BigDecimal("0.025")).isPositive();
        assertThat(result.metrics().calls()).allMatch(c -> c.usage().isCostEstimated());
        assertAccountedOnce(silent, result);
    }

    @Test
    void aCustomAgentsUnpricedCall_underAUsdCap_isRefusedBeforeItIsSent() {
        // a custom agent's model is not known at start: its call is refused when it is made, never sent unbudgeted
        ScriptedLlmProvider none = ScriptedLlmProvider.builder().build();
        dev.devora.orchestration.agent.Agent custom = dev.devora.orchestration.agent.Agent.of("custom", call ->
                dev.devora.orchestration.agent.AgentResult.text(call.complete(none, dev.devora.orchestration.llm.LlmRequest
                        .builder().model("acme/secret-model").message(dev.devora.orchestration.llm.LlmMessage.user("hi"))
                        .build()).text()));
        WorkflowResult result = run(Workflow.builder("c").step(Steps.agent("ask", custom).prompt("x")).build(), Map.of(),
                RunOptions.builder().maxCostUsd("1").build());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).hasRootCauseMessage(
                "RunOptions.maxCostUsd cannot be enforced for step 'ask': provider 'scripted' knows no price for model"
                        + " 'acme/secret-model'; set RunOptions.estimatedCallCostUsd to count each such call at an explicit estimate");
        assertThat(none.callCount()).isZero();
    }

    @Test
    void callsAbortedByATimeout_areAccountedWithWhatIsKnown() {
        // observed: aborted calls were recorded nowhere
        ScriptedLlmProvider llm = priced(r -> Duration.ofSeconds(10));
        WorkflowResult result = run(parallel(agent(llm, 90), 4), Map.of(),
                RunOptions.builder().timeout(Duration.ofMillis(300)).build());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(llm.callCount()).isEqualTo(4);
        assertThat(result.metrics().calls()).hasSize(4).allMatch(LlmCallRecord::aborted)
                .allMatch(c -> c.usage().promptTokens() > 0 && c.usage().completionTokens() == 0);
        assertThat(result.toJson().toString()).contains("\"aborted\":true");
    }

    /**
     * Worst overshoot, measured: 8-way parallel steps, then a sequence, with answers of random length (100–1,600
     * characters) and no {@code maxTokens}, against random token caps. With {@code maxTokens} set (and prompts
     * counted as the provider counts them) the overshoot is 0 by construction; without it a call reserves the
     * longest answer so far, so the overshoot is bounded by what the answers in flight produce beyond that:
     * at most (parallel width − 1) × the longest possible answer (7 × 401 tokens here), asserted below. Measured on
     * 40 seeded runs: see the printed figure (reported in the issue note).
     */
    @Test
    void worstOvershoot_withoutMaxTokens_isBoundedByTheAnswersInFlight() {
        Random random = new Random(8);
        long worst = 0;
        double worstShare = 0;
        for (int run = 0; run < 40; run++) {
            long seed = random.nextLong();
            Random lengths = new Random(seed);
            ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                    .otherwise(r -> "y".repeat(100 + lengths.nextInt(1_501)))
                    .latency(r -> Duration.ofMillis(5 + (r.lastUserText().hashCode() & 15)))
                    .costPerToken(PRICE).build();
            LlmAgent a = agent(llm, null);
            List<Step> branches = new ArrayList<>();
            for (int i = 0; i < 8; i++) branches.add(Steps.agent("b" + i, a).prompt("branch " + i));
            Workflow.Builder b = Workflow.builder("mix").step(Steps.parallel("p", branches));
            for (int i = 0; i < 4; i++) b.step(Steps.agent("s" + i, a).prompt("step " + i));
            long cap = 400 + random.nextInt(2_000);
            WorkflowResult result = run(b.build(), Map.of(), RunOptions.builder().maxTokens(cap).build());
            long over = result.metrics().usage().totalTokens() - cap;
            worst = Math.max(worst, over);
            worstShare = Math.max(worstShare, (double) over / cap);
            assertAccountedOnce(llm, result);
        }
        System.out.println("worst token overshoot without maxTokens: " + worst + " tokens, "
                + Math.round(100 * worstShare) + "% of its cap");
        assertThat(worst).isLessThanOrEqualTo(7 * 401);
    }
}
