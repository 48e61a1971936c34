package dev.devora.orchestration.engine;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeclaredReadsTest {

    @Test
    void stepK_promptContainsOnlyTheOutputsItReferences() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .otherwise(r -> "OUTPUT-OF-" + r.attribute(LlmRequest.STEP_PATH) + "-END")
                .build();
        List<Step> steps = new ArrayList<>();
        for (int k = 1; k <= 6; k++) {
            String prompt = k == 1 ? "Start with {{input.brief}}" : "Continue from {{s" + (k - 1) + "}}";
            steps.add(Steps.agent("s" + k, LlmAgent.builder("a" + k).provider(llm).build()).prompt(prompt));
        }
        Workflow wf = Workflow.builder("chain")
                .input(InputSpec.builder().required("brief", "the brief").optional("secret_notes", "unused").build())
                .steps(steps.toArray(Step[]::new)).build();

        try (WorkflowEngine engine = WorkflowEngine.create()) {
            engine.run(wf, Map.of("brief", "BRIEF-TEXT", "secret_notes", "NOTES-TEXT"));
        }

        for (int k = 1; k <= 6; k++) {
            LlmRequest request = llm.requestsForStep("s" + k).get(0);
            String sent = String.join("\n", request.messages().stream().map(m -> m.content()).toList());
            for (int j = 1; j <= 6; j++) {
                boolean referenced = j == k - 1;
                if (referenced) assertThat(sent).contains("OUTPUT-OF-s" + j + "-END");
                else assertThat(sent).doesNotContain("OUTPUT-OF-s" + j + "-END");
            }
            assertThat(sent).doesNotContain("NOTES-TEXT");
            assertThat(sent.contains("BRIEF-TEXT")).isEqualTo(k == 1);
        }
    }

    @Test
    void promptSize_growsWithWhatAStepReads_notWithWorkflowLength() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().otherwise(r -> "x".repeat(400)).build();
        List<Step> steps = new ArrayList<>();
        for (int k = 1; k <= 20; k++) {
            steps.add(Steps.agent("s" + k, LlmAgent.builder("a" + k).provider(llm).build())
                    .prompt(k == 1 ? "begin" : "next after {{s" + (k - 1) + "}}"));
        }
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            engine.run(Workflow.builder("long").steps(steps.toArray(Step[]::new)).build(), Map.of());
        }
        int second = llm.requestsForStep("s2").get(0).lastUserText().length();
        int last = llm.requestsForStep("s20").get(0).lastUserText().length();
        assertThat(last).isEqualTo(second);
    }

    @Test
    void anOptionalReference_isARead_itsOutputReachesThePrompt() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .otherwise(r -> "OUTPUT-OF-" + r.attribute(LlmRequest.STEP_PATH) + "-END").build();
        Workflow wf = Workflow.builder("optional-read")
                .step(Steps.agent("design", LlmAgent.builder("a1").provider(llm).build()).prompt("design"))
                .step(Steps.agent("other", LlmAgent.builder("a2").provider(llm).build()).prompt("other"))
                .step(Steps.agent("code", LlmAgent.builder("a3").provider(llm).build())
                        .prompt("Code it.\nDesign: {{design?}}"))
                .build();

        try (WorkflowEngine engine = WorkflowEngine.create()) {
            engine.run(wf, Map.of());
        }

        String sent = llm.requestsForStep("code").get(0).lastUserText();
        assertThat(sent).isEqualTo("Code it.\nDesign: OUTPUT-OF-design-END").doesNotContain("OUTPUT-OF-other");
    }
}
