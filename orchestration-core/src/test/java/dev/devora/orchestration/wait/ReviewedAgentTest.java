package dev.devora.orchestration.wait;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A person reviews an agent's work (issue 11): added to an existing workflow's step, the model is paid once. */
class ReviewedAgentTest {
    private static Workflow designThenBuild(ScriptedLlmProvider llm) {
        return Workflow.builder("api")
                .step(Steps.agent("design", LlmAgent.builder("architect").provider(llm).build()).prompt("Design it"))
                .step(Steps.agent("build", LlmAgent.builder("developer").provider(llm).build()).prompt("Build {{design}}"))
                .build();
    }

    @Test
    void aReviewedStep_showsTheAgentsWork_andAnEditReplacesItForLaterSteps_withoutAskingTheModelAgain() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("architect").reply("REST, three resources")
                .whenAgent("developer").answer(r -> "built from " + r.messages().get(r.messages().size() - 1).content())
                .build();
        Workflow reviewed = designThenBuild(llm).withAgentSteps(s -> s.id().equals("design")
                ? s.withAgent(Approvals.person("lead").reviewing(s.agent())) : s);
        InMemoryRunStore store = new InMemoryRunStore();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult waiting = engine.run(reviewed, Map.of());
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
            PendingRequest p = engine.pending(waiting.runId()).get(0);
            assertThat(p.request().path("show").asText()).isEqualTo("REST, three resources");
            assertThat(p.request().path("agent").asText()).isEqualTo("architect");
            WorkflowResult done = engine.decide(reviewed, waiting.runId(), p.requestId(),
                    Decision.edit("GraphQL, one schema"));
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.outputs().get("design").text()).isEqualTo("GraphQL, one schema");
            assertThat(done.outputs().get("build").text()).isEqualTo("built from Build GraphQL, one schema");
        }
        assertThat(llm.requestsForAgent("architect")).as("the architect's answer was not asked again").hasSize(1);
    }

    @Test
    void anApprovalKeepsTheWork_aRejectionFailsTheStep_andTheMapKeepsIds() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("architect").reply("REST").build();
        Workflow reviewed = designThenBuild(llm).withAgentSteps(s -> s.id().equals("design")
                ? s.withAgent(Approvals.person("lead").reviewing(s.agent())) : s);
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            String a = engine.run(reviewed, Map.of()).runId();
            WorkflowResult approved = engine.decide(reviewed, a, engine.pending(a).get(0).requestId(), Decision.approve());
            assertThat(approved.outputs().get("design").text()).isEqualTo("REST");
            String r = engine.run(reviewed, Map.of()).runId();
            WorkflowResult rejected = engine.decide(reviewed, r, engine.pending(r).get(0).requestId(),
                    Decision.reject("not RESTful enough"));
            assertThat(rejected.status()).isEqualTo(RunStatus.FAILED);
            assertThat(rejected.failure().orElseThrow()).hasStackTraceContaining("rejected by lead: not RESTful enough");
        }
        assertThatThrownBy(() -> designThenBuild(llm).withAgentSteps(s -> Steps.agent("other", s.agent())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same id");
    }
}
