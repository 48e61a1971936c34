package dev.devora.orchestration.engine;

import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The context check at run start agrees with the plan's for inputs below the shortcut's 8,000 characters. */
class ContextCheckAtStartTest {
    private final ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
    private final Workflow summarize = Workflow.builder("summarize")
            .input(InputSpec.builder().required("document", "the document").build())
            .step(Steps.agent("summary", LlmAgent.builder("writer").provider(llm).build())
                    .prompt("Summarize {{input.document}}"))
            .build();

    @Test
    void anInputUnder8000Characters_overASmallConfiguredContext_isRefusedAtRunAsAtPlan() {
        // found: with defaultContextTokens(1_000), a 5,000-character input (~1,250 tokens) was refused by plan()
        // but run() skipped the check (input under 8,000 characters) and sent the prompt
        Map<String, String> input = Map.of("document", "x".repeat(5_000));
        try (WorkflowEngine engine = WorkflowEngine.builder().defaultContextTokens(1_000).build()) {
            assertThatThrownBy(() -> engine.plan(summarize, input)).isInstanceOf(InputValidationException.class)
                    .hasMessageContaining("input.document");
            assertThatThrownBy(() -> engine.run(summarize, input)).isInstanceOf(InputValidationException.class)
                    .hasMessageContaining("input.document")
                    .hasMessageContaining("step 'summary'")
                    .hasMessageContaining("default context limit of 1,000 tokens");
        }
        assertThat(llm.callCount()).isZero();
    }

    @Test
    void aSmallInputThatFits_runs() {
        try (WorkflowEngine engine = WorkflowEngine.builder().defaultContextTokens(1_000).build()) {
            assertThat(engine.run(summarize, Map.of("document", "x".repeat(2_000))).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(llm.callCount()).isEqualTo(1);
    }
}
