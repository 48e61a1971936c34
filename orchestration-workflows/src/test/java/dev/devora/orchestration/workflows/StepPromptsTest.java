package dev.devora.orchestration.workflows;

import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.SubWorkflowStep;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.internal.Recipe;
import dev.devora.orchestration.workflows.internal.Recipes;
import dev.devora.orchestration.workflows.internal.StepPrompts;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepPromptsTest {
    @Test
    void everyAgentStep_takesItsPromptFromItsWorkflowsResource_andNoSectionIsStale() {
        AgentKit kit = new AgentKit(Recipes.DESCRIBE_ONLY, WorkflowConfig.defaults());
        for (Recipe r : Recipes.ALL) {
            Workflow w = r.build(kit, r.input());
            Set<String> used = new LinkedHashSet<>();
            StepPrompts prompts = StepPrompts.of(r.id());
            for (Step s : w.steps()) check(s, prompts, used);
            assertThat(prompts.stepIds()).as(r.id() + ": sections without a step").containsExactlyInAnyOrderElementsOf(used);
        }
    }

    private static void check(Step s, StepPrompts prompts, Set<String> used) {
        if (s instanceof SubWorkflowStep) return;
        if (s instanceof AgentStep a) {
            // a reviewer's prompt is its section followed by its rubric (Rubric.appendTo)
            assertThat(a.prompt()).as(a.id()).startsWith(prompts.get(a.id()).stripTrailing());
            used.add(a.id());
        }
        s.children().forEach(c -> check(c, prompts, used));
    }

    @Test
    void everyTextStep_setsItsOutputFormat_inAnOutputParagraph() {
        AgentKit kit = new AgentKit(Recipes.DESCRIBE_ONLY, WorkflowConfig.defaults());
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (Recipe r : Recipes.ALL) textSteps(r.build(kit, r.input()).steps(), r.id(), missing);
        assertThat(missing).as("text steps whose prompt has no 'Output:' paragraph (role files no longer set it)").isEmpty();
    }

    private static void textSteps(java.util.List<Step> steps, String workflow, java.util.List<String> missing) {
        for (Step s : steps) {
            if (s instanceof SubWorkflowStep) continue;
            if (s instanceof AgentStep a && a.agent() instanceof dev.devora.orchestration.agent.LlmAgent llm
                    && !llm.output().isJson() && !java.util.regex.Pattern.compile("(?m)^Output:").matcher(a.prompt()).find()) {
                missing.add(workflow + "/" + a.id());
            }
            textSteps(s.children(), workflow, missing);
        }
    }

    @Test
    void aMissingSection_isReported_withTheFileAndItsSteps() {
        assertThatThrownBy(() -> StepPrompts.of("api-development").get("nope"))
                .hasMessageContaining("no prompt for step 'nope' in /dev/devora/orchestration/workflows/prompts/api-development.md")
                .hasMessageContaining("api-requirements, use-cases, openapi");
    }
}
