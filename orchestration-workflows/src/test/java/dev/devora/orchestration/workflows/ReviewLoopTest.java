package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.internal.OutputSchemas;
import dev.devora.orchestration.workflows.internal.ReviewLoop;
import dev.devora.orchestration.workflows.internal.Rubric;
import dev.devora.orchestration.workflows.roles.Roles;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.APPROVED;
import static dev.devora.orchestration.workflows.Fixtures.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReviewLoopTest {
    private static final WorkflowConfig CONFIG = WorkflowConfig.defaults();

    private static Workflow workflow(ScriptedLlmProvider llm) {
        AgentKit kit = new AgentKit(llm, CONFIG);
        return Workflow.builder("carry").steps(
                        Steps.agent("draft", kit.text(Roles.TECHNICAL_WRITER)).prompt("Write the guide."),
                        ReviewLoop.builder("review-loop", "docs-review", Rubric.of("docs-review"), CONFIG)
                                .carry("guide", "draft", Steps.agent("revise", kit.text(Roles.TECHNICAL_WRITER))
                                        .prompt("Current guide:\n{{guide}}\n\nFeedback:\n{{gate.feedback}}\n\nReturn the complete revised guide."))
                                .review(Steps.agent("review", kit.json(Roles.DOCUMENTATION_REVIEWER, "docs_review",
                                        OutputSchemas.review(Rubric.of("docs-review")))).prompt("Review this guide:\n{{guide}}"))
                                .build())
                .deliverable("guide", "guide")
                .build();
    }

    @Test
    void eachRound_reworksTheLatestVersion_andTheDeliverableIsTheLastOne() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenStep("draft").reply("guide v1")
                .whenStep("revise").reply("guide v2", "guide v3")
                .whenStep("review").answer(Fixtures.verdicts(REJECTED, REJECTED, APPROVED))
                .build();

        WorkflowResult result = Fixtures.ENGINE.run(workflow(llm), Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("revise")).extracting(LlmRequest::lastUserText)
                .satisfiesExactly(round2 -> assertThat(round2).contains("guide v1").contains("Protect POST /tasks"),
                        round3 -> assertThat(round3).contains("guide v2").doesNotContain("guide v1"));
        assertThat(llm.requestsForStep("review")).extracting(LlmRequest::lastUserText)
                .satisfiesExactly(r1 -> assertThat(r1).contains("guide v1").contains("Pass mark: 80/100"),
                        r2 -> assertThat(r2).contains("guide v2"),
                        r3 -> assertThat(r3).contains("guide v3"));
        assertThat(result.deliverables().path("guide").asText()).isEqualTo("guide v3");
    }

    @Test
    void aLoopWithoutArtefactOrReview_isRefusedByName() {
        ReviewLoop.Builder b = ReviewLoop.builder("l", "docs-review", Rubric.of("docs-review"), CONFIG);
        assertThatThrownBy(b::build).hasMessage("review loop 'l' carries no artefact: call carry(...)");
        assertThatThrownBy(() -> b.carry("draft", "draft", Steps.task("x", "x", c -> "")))
                .hasMessageContaining("the carried artefact 'draft' needs its own step id");
    }
}
