package dev.devora.orchestration.wait;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.approval.ToolApproval;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.Tools;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tools that need a person's approval (issue 11): the run waits before the call runs, the model is not asked (or
 * paid) again when the run continues, and approve / edit / reject each do what they say.
 */
class ToolApprovalTest {
    record Build(String build) {
    }

    private final List<String> deployed = new CopyOnWriteArrayList<>();
    private final Tool deploy = Tools.of("deploy", "Deploys a build", Build.class, b -> {
        deployed.add(b.build());
        return "deployed " + b.build();
    });
    private final Tool status = Tools.of("status", "The service's status", Build.class, b -> "green " + b.build());

    /** Asks for the given calls until it has their results, then answers with them. */
    private static ScriptedLlmProvider model(ToolCall... calls) {
        return ScriptedLlmProvider.builder()
                .toolCalls(r -> ScriptedLlmProvider.toolResults(r).isEmpty() ? List.of(calls) : List.of())
                .otherwise(r -> "done: " + ScriptedLlmProvider.toolResults(r).stream().map(LlmMessage::content).toList())
                .build();
    }

    private Workflow release(ScriptedLlmProvider llm, ToolApproval guarded) {
        return Workflow.builder("release").step(Steps.agent("ship", LlmAgent.builder("operator").provider(llm)
                .tool(guarded).tool(status).build()).prompt("Ship build 42")).build();
    }

    @Test
    void aGuardedCall_waitsBeforeItRuns_andAnApprovalRunsIt_withoutAskingTheModelAgain_inAnotherEngine() {
        InMemoryRunStore store = new InMemoryRunStore();
        ScriptedLlmProvider llm = model(new ToolCall("c1", "deploy", "{\"build\":\"42\"}"));
        Workflow wf = release(llm, Approvals.tool(deploy, Approvals.person("release-manager")));
        String runId;
        PendingRequest p;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult waiting = engine.run(wf, Map.of());
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
            runId = waiting.runId();
            p = engine.pending(runId).get(0);
        }
        assertThat(p.kind()).isEqualTo(ToolApproval.KIND);
        assertThat(p.request().path("tool").asText()).isEqualTo("deploy");
        assertThat(p.request().path("arguments").asText()).isEqualTo("{\"build\":\"42\"}");
        assertThat(deployed).as("nothing runs before the decision").isEmpty();
        assertThat(llm.callCount()).isEqualTo(1);
        try (WorkflowEngine other = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult done = other.decide(wf, runId, p.requestId(), Decision.approve());
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.outputs().get("ship").text()).isEqualTo("done: [deployed 42]");
            assertThat(done.metrics().toolCalls()).isEqualTo(1);
            assertThat(done.metrics().llmCalls()).as("both calls accounted once").isEqualTo(2);
        }
        assertThat(deployed).containsExactly("42");
        assertThat(llm.callCount()).as("the first answer was replayed from the journal, not asked again").isEqualTo(2);
    }

    @Test
    void anEditRunsTheCallWithThePersonsArguments_andARejectionTellsTheModel_withoutRunningIt() {
        ScriptedLlmProvider editLlm = model(new ToolCall("c1", "deploy", "{\"build\":\"42\"}"));
        Workflow editWf = release(editLlm, Approvals.tool(deploy, Approvals.person("rm")));
        ScriptedLlmProvider rejectLlm = model(new ToolCall("c1", "deploy", "{\"build\":\"42\"}"));
        Workflow rejectWf = release(rejectLlm, Approvals.tool(deploy, Approvals.person("rm")));
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(new InMemoryRunStore()).build()) {
            String edited = engine.run(editWf, Map.of()).runId();
            WorkflowResult afterEdit = engine.decide(editWf, edited, engine.pending(edited).get(0).requestId(),
                    Decision.edit("{\"build\":\"43\"}"));
            assertThat(afterEdit.outputs().get("ship").text()).isEqualTo("done: [deployed 43]");
            assertThat(deployed).containsExactly("43");

            String rejected = engine.run(rejectWf, Map.of()).runId();
            WorkflowResult afterReject = engine.decide(rejectWf, rejected, engine.pending(rejected).get(0).requestId(),
                    Decision.reject("freeze until Monday"));
            assertThat(afterReject.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(afterReject.outputs().get("ship").text())
                    .isEqualTo("done: [ERROR: the call of 'deploy' was rejected by rm: freeze until Monday; it did not run]");
            assertThat(deployed).as("the rejected call never ran").containsExactly("43");
            assertThat(afterReject.metrics().toolCalls()).isZero();
        }
    }

    @Test
    void twoGuardedCallsInOneAnswer_areAskedAtOnce_andTheUnguardedOneRunsOnlyWithThem() {
        ScriptedLlmProvider llm = model(new ToolCall("c1", "deploy", "{\"build\":\"42\"}"),
                new ToolCall("c2", "status", "{\"build\":\"42\"}"), new ToolCall("c3", "deploy", "{\"build\":\"7\"}"));
        Workflow wf = release(llm, Approvals.tool(deploy, Approvals.person("rm")));
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(new InMemoryRunStore()).build()) {
            WorkflowResult waiting = engine.run(wf, Map.of());
            List<PendingRequest> pending = engine.pending(waiting.runId());
            assertThat(pending).extracting(r -> r.request().path("arguments").asText())
                    .containsExactly("{\"build\":\"42\"}", "{\"build\":\"7\"}");
            assertThat(engine.decide(wf, waiting.runId(), pending.get(1).requestId(), Decision.reject("")).status())
                    .as("one still undecided").isEqualTo(RunStatus.WAITING);
            assertThat(deployed).isEmpty();
            WorkflowResult done = engine.decide(wf, waiting.runId(), pending.get(0).requestId(), Decision.approve());
            assertThat(done.outputs().get("ship").text()).isEqualTo(
                    "done: [deployed 42, green 42, ERROR: the call of 'deploy' was rejected by rm; it did not run]");
            assertThat(llm.callCount()).isEqualTo(2);
        }
    }
}
