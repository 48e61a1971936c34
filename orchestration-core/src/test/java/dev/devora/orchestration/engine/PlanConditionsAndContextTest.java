package dev.devora.orchestration.engine;

import dev.devora.orchestration.InputValidationException;
import ch.qos.logback.classic.Level;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plans resolve conditions on the input (issue 8, item 8) and refuse prompts that cannot fit a context (item 7). */
class PlanConditionsAndContextTest {
    /** Keeps the warnings these tests provoke (an optional input left out) off the console unless a test fails. */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    private final ScriptedLlmProvider llm = ScriptedLlmProvider.builder().costPerToken(new java.math.BigDecimal("0.000001")).build();
    private final LlmAgent agent = LlmAgent.builder("writer").provider(llm).build();

    /** A pipeline per git provider, then a review whose verdict decides on a fix (known only when the run has it). */
    private Workflow pipeline() {
        return Workflow.builder("ci")
                .input(InputSpec.builder().choice("git", "the git provider", "github", "gitlab", "bitbucket").build())
                .step(Steps.when("pipeline", Condition.inputEquals("git", "github"),
                                Steps.agent("github", agent).prompt("GitHub Actions " + "g".repeat(4_000)))
                        .orWhen(Condition.inputEquals("git", "gitlab"), Steps.agent("gitlab", agent).prompt("GitLab CI"))
                        .orWhen(Condition.inputEquals("git", "bitbucket"),
                                Steps.agent("bitbucket", agent).prompt("Bitbucket " + "b".repeat(2_000))))
                .step(Steps.agent("review", agent).prompt("Review {{pipeline}}"))
                .step(Steps.when("fix", Condition.outputContains("review", "broken"),
                                Steps.agent("repair", agent).prompt("Repair {{pipeline}} " + "r".repeat(8_000)))
                        .otherwise(Steps.agent("polish", agent).prompt("Polish {{pipeline}}")))
                .build();
    }

    private ExecutionPlan plan(Workflow wf, Map<String, ?> input) {
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            return engine.plan(wf, input);
        }
    }

    @Test
    void conditionsOnTheInput_areResolved_onlyTheBranchThatCanRunIsCounted() {
        // observed: cicd-setup's plan added all 3 git-provider and all 4 deployment branches
        ExecutionPlan plan = plan(pipeline(), Map.of("git", "gitlab"));

        assertThat(plan.calls()).extracting(ExecutionPlan.PlannedCall::path)
                .containsExactly("pipeline/gitlab", "review", "fix/repair", "fix/polish");
        assertThat(plan.calls().get(0).condition()).isEmpty(); // certain for this input
        assertThat(plan.toString()).contains("[conditional, resolved by the input: when input.git = gitlab]")
                .contains("not taken: when input.git = github (false for this input)")
                .doesNotContain("Bitbucket");
        assertThat(plan.minCalls()).isEqualTo(3);
        assertThat(plan.maxCalls()).isEqualTo(3);
    }

    @Test
    void conditionsOnOutputs_areAlternatives_countedAsAMinMaxRange() {
        ExecutionPlan plan = plan(pipeline(), Map.of("git", "gitlab"));
        long gitlab = plan.calls().get(0).estimatedPromptTokens();
        long review = plan.calls().get(1).estimatedPromptTokens();
        long repair = plan.calls().get(2).estimatedPromptTokens();
        long polish = plan.calls().get(3).estimatedPromptTokens();

        assertThat(plan.calls().get(2).condition()).isEqualTo("when review mentions \"broken\"");
        assertThat(plan.calls().get(3).condition()).isEqualTo("otherwise");
        assertThat(plan.toString()).contains("- fix [conditional: alternatives]");
        assertThat(plan.minEstimatedPromptTokens()).isEqualTo(gitlab + review + polish);
        assertThat(plan.estimatedPromptTokens()).isEqualTo(gitlab + review + repair);
        assertThat(plan.minEstimatedCostUsd()).isLessThan(plan.estimatedCostUsd());
    }

    @Test
    void aTrueConditionEndsTheChoice_laterBranchesAreNotCounted() {
        ExecutionPlan plan = plan(pipeline(), Map.of("git", "github"));

        assertThat(plan.calls()).extracting(ExecutionPlan.PlannedCall::path).startsWith("pipeline/github", "review");
        assertThat(plan.toString()).doesNotContain("gitlab").doesNotContain("bitbucket");
    }

    @Test
    void inASubWorkflow_fieldsFromTheInputAreKnown_fieldsFromOutputsAreNot() {
        Workflow inner = Workflow.builder("inner")
                .input(InputSpec.builder().required("kind", "known").required("notes", "from an output").build())
                .step(Steps.when("by-kind", Condition.inputEquals("kind", "web"), Steps.agent("web", agent).prompt("web"))
                        .otherwise(Steps.agent("cli", agent).prompt("cli")))
                .step(Steps.when("by-notes", Condition.inputPresent("notes"), Steps.agent("noted", agent).prompt("noted")))
                .build();
        Workflow outer = Workflow.builder("outer")
                .input(InputSpec.builder().required("kind", "the kind").build())
                .step(Steps.agent("draft", agent).prompt("draft"))
                .step(Steps.workflow("sub", inner).input("kind", "{{input.kind}}").input("notes", "{{draft}}"))
                .build();
        ExecutionPlan plan = plan(outer, Map.of("kind", "cli"));

        assertThat(plan.calls()).extracting(ExecutionPlan.PlannedCall::path)
                .containsExactly("draft", "sub/by-kind/cli", "sub/by-notes/noted");
        assertThat(plan.calls().get(2).condition()).isEqualTo("when input.notes is given");
        assertThat(plan.minCalls()).isEqualTo(2);
        assertThat(plan.maxCalls()).isEqualTo(3);
    }

    private Workflow summarize(ScriptedLlmProvider provider) {
        return Workflow.builder("sum")
                .input(InputSpec.builder().required("document", "the document").optional("tone", "the tone").build())
                .step(Steps.agent("summarize", LlmAgent.builder("s").provider(provider).model("small/model").build())
                        .prompt("Summarize in a {{input.tone}} tone:\n{{input.document}}"))
                .build();
    }

    @Test
    void aPromptThatCannotFitItsModelsContext_isAnInputError_beforeAnyCall_atRunStartAndPlan() {
        // observed: a 5 MB input was accepted, the plan showed ~1,311,405 prompt tokens and the run proceeded
        ScriptedLlmProvider small = ScriptedLlmProvider.builder().contextLength(128_000).build();
        Workflow wf = summarize(small);
        // (the 5 MB string itself is now refused by the engine's InputLimits; 600,000 characters pass them)
        Map<String, String> input = Map.of("document", "x".repeat(600_000), "tone", "calm");
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            for (Runnable attempt : new Runnable[]{() -> engine.run(wf, input), () -> engine.plan(wf, input),
                    () -> engine.start(wf, input, null)}) {
                assertThatThrownBy(attempt::run).isInstanceOf(InputValidationException.class)
                        .satisfies(e -> assertThat(((InputValidationException) e).problems()).singleElement()
                                .satisfies(p -> {
                                    assertThat(p.path()).isEqualTo("input.document");
                                    assertThat(p.message()).contains("step 'summarize'").contains("~150,0")
                                            .contains("128,000-token context of model 'small/model'")
                                            .contains("600,000 characters");
                                }));
            }
        }
        assertThat(small.callCount()).isZero();
    }

    @Test
    void withoutAContextFromTheProvider_theEnginesConfiguredLimitApplies() {
        Workflow wf = summarize(llm); // the scripted provider knows no context
        Map<String, String> input = Map.of("document", "x".repeat(40_000));
        try (WorkflowEngine engine = WorkflowEngine.builder().defaultContextTokens(8_000).build()) {
            assertThatThrownBy(() -> engine.run(wf, input)).isInstanceOf(InputValidationException.class)
                    .hasMessageContaining("input.document")
                    .hasMessageContaining("default context limit of 8,000 tokens");
        }
        try (WorkflowEngine engine = WorkflowEngine.create()) { // 1,000,000 by default: fits
            assertThat(engine.run(wf, input).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        // the optional tone was not given: the run says so, once, in its log
        assertThat(logs.messages(Level.WARN)).singleElement().asString()
                .contains("step 'summarize'").contains("{{input.tone}} has no value");
    }

    @Test
    void aPromptNearItsModelsContext_isAWarningOfThePlan() {
        ScriptedLlmProvider small = ScriptedLlmProvider.builder().contextLength(10_000).build();
        ExecutionPlan plan = plan(summarize(small), Map.of("document", "x".repeat(36_000))); // ~9,000 tokens: 90%
        assertThat(plan.warnings()).singleElement().asString().contains("step 'summarize'").contains("90% of the 10,000-token context");
        ExecutionPlan far = plan(summarize(small), Map.of("document", "x".repeat(4_000)));
        assertThat(far.warnings()).isEmpty();
    }
}
