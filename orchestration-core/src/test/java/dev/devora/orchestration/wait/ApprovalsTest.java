package dev.devora.orchestration.wait;

import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decisions by a person (issue 11): an approval step and an approval gate. */
class ApprovalsTest {
    private static Workflow planThenApprove() {
        return Workflow.builder("launch")
                .step(Steps.task("plan", "plans", ctx -> "plan A"))
                .step(Steps.agent("approve", Approvals.person("owner")).prompt("{{plan}}"))
                .step(Steps.task("go", "goes", ctx -> "going with " + ctx.text("approve")))
                .build();
    }

    private static PendingRequest onlyPending(WorkflowEngine engine, String runId) {
        List<PendingRequest> pending = engine.pending(runId);
        assertThat(pending).hasSize(1);
        return pending.get(0);
    }

    @Test
    void anApprovalStep_waits_showsItsPrompt_andGoesOnWithTheApprovedOrEditedOutput_orFailsWhenRejected() {
        Workflow wf = planThenApprove();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(new InMemoryRunStore()).build()) {
            WorkflowResult approved = engine.run(wf, Map.of());
            assertThat(approved.status()).isEqualTo(RunStatus.WAITING);
            PendingRequest p = onlyPending(engine, approved.runId());
            assertThat(p.kind()).isEqualTo("approval");
            assertThat(p.stepPath()).isEqualTo("approve");
            assertThat(p.request().path("show").asText()).isEqualTo("plan A");
            WorkflowResult done = engine.decide(wf, approved.runId(), p.requestId(), Decision.approve());
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.outputs().get("go").text()).isEqualTo("going with plan A");
            assertThat(engine.pending(approved.runId())).isEmpty();
            assertThat(engine.decide(wf, approved.runId(), p.requestId(), Decision.approve()).status())
                    .as("the same answer again is a no-op").isEqualTo(RunStatus.SUCCEEDED);
            assertThatThrownBy(() -> engine.decide(wf, approved.runId(), p.requestId(), Decision.reject("no")))
                    .isInstanceOf(dev.devora.orchestration.AnswerRefusedException.class).hasMessageContaining("answered already");

            WorkflowResult edited = engine.run(wf, Map.of());
            WorkflowResult afterEdit = engine.decide(wf, edited.runId(), onlyPending(engine, edited.runId()).requestId(),
                    Decision.edit("plan B"));
            assertThat(afterEdit.outputs().get("approve").text()).isEqualTo("plan B");
            assertThat(afterEdit.outputs().get("go").text()).as("later references see the edit").isEqualTo("going with plan B");

            WorkflowResult rejected = engine.run(wf, Map.of());
            WorkflowResult afterReject = engine.decide(wf, rejected.runId(),
                    onlyPending(engine, rejected.runId()).requestId(), Decision.reject("too risky"));
            assertThat(afterReject.status()).isEqualTo(RunStatus.FAILED);
            assertThat(afterReject.failure().orElseThrow()).hasStackTraceContaining("rejected by owner: too risky");
        }
    }

    @Test
    void aRejectionInAGatedLoop_isTheNextIterationsGateFeedback_andAnApprovalEndsTheLoop() {
        List<String> prompts = new CopyOnWriteArrayList<>();
        Workflow wf = Workflow.builder("copy")
                .step(Steps.loop("copy", Steps.agent("write", new dev.devora.orchestration.agent.Agent() {
                            @Override
                            public String name() {
                                return "writer";
                            }

                            @Override
                            public dev.devora.orchestration.agent.AgentResult run(dev.devora.orchestration.agent.AgentCall call) {
                                prompts.add(call.prompt());
                                return new dev.devora.orchestration.agent.AgentResult(call.prompt(), null, null);
                            }
                        }).prompt("draft after '{{gate.feedback}}'"))
                        .until(Approvals.gate("editor"), 100).maxIterations(3))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(new InMemoryRunStore()).build()) {
            WorkflowResult r = engine.run(wf, Map.of());
            assertThat(r.status()).isEqualTo(RunStatus.WAITING);
            PendingRequest first = onlyPending(engine, r.runId());
            assertThat(first.request().path("attempt").asInt()).isEqualTo(1);
            WorkflowResult again = engine.decide(wf, r.runId(), first.requestId(), Decision.reject("shorter, please"));
            assertThat(again.status()).isEqualTo(RunStatus.WAITING);
            PendingRequest second = onlyPending(engine, r.runId());
            assertThat(second.requestId()).isNotEqualTo(first.requestId());
            assertThat(second.request().path("show").asText()).isEqualTo("draft after 'shorter, please'");
            WorkflowResult done = engine.decide(wf, r.runId(), second.requestId(), Decision.approve());
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.gateHistory()).extracting(g -> g.verdict().passed()).containsExactly(false, true);
            assertThat(prompts).as("each iteration written once, over the three interpretations")
                    .containsExactly("draft after ''", "draft after 'shorter, please'");
        }
    }

    @Test
    void twoDecisionsGivenAtOnce_cannotBothWin_theStoreDecides() throws Exception {
        Workflow wf = planThenApprove();
        InMemoryRunStore store = new InMemoryRunStore();
        for (int round = 0; round < 100; round++) {
            String runId;
            String requestId;
            try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
                runId = engine.run(wf, Map.of()).runId();
                requestId = onlyPending(engine, runId).requestId();
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Object> outcomes = new CopyOnWriteArrayList<>();
            List<Thread> deciders = new java.util.ArrayList<>();
            for (Decision d : List.of(Decision.edit("plan X"), Decision.edit("plan Y"))) {
                String run = runId;
                String request = requestId;
                Thread t = new Thread(() -> {
                    try (WorkflowEngine own = WorkflowEngine.builder().runStore(store).build()) {
                        go.await();
                        outcomes.add(own.decide(wf, run, request, d));
                    } catch (Throwable e) {
                        outcomes.add(e);
                    }
                });
                t.start();
                deciders.add(t);
            }
            go.countDown();
            for (Thread t : deciders) t.join(30_000);
            List<WorkflowResult> won = outcomes.stream().filter(o -> o instanceof WorkflowResult)
                    .map(o -> (WorkflowResult) o).toList();
            assertThat(won).as("round " + round + ": " + outcomes).hasSize(1);
            List<Throwable> lost = outcomes.stream().filter(o -> o instanceof Throwable).map(o -> (Throwable) o).toList();
            assertThat(lost).singleElement().satisfies(e -> assertThat(e).isInstanceOf(dev.devora.orchestration.AnswerRefusedException.class)
                    .hasMessageContaining("answered already"));
            String winner = won.get(0).outputs().get("approve").text();
            long answers = store.entries(runId).stream()
                    .filter(e -> e instanceof dev.devora.orchestration.journal.JournalEntry.WaitAnswered).count();
            assertThat(answers).as("one answer journaled").isEqualTo(1);
            assertThat(won.get(0).outputs().get("go").text()).isEqualTo("going with " + winner);
        }
    }

    @Test
    void aWaitingRun_isCancelled_endsCancelled_andTakesNoAnswerAnyMore() {
        Workflow wf = planThenApprove();
        InMemoryRunStore store = new InMemoryRunStore();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult waiting = engine.run(wf, Map.of());
            String requestId = onlyPending(engine, waiting.runId()).requestId();
            assertThat(engine.cancelWaiting(waiting.runId())).isTrue();
            assertThat(store.run(waiting.runId()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
            assertThatThrownBy(() -> engine.decide(wf, waiting.runId(), requestId, Decision.approve()))
                    .isInstanceOfSatisfying(dev.devora.orchestration.AnswerRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(dev.devora.orchestration.AnswerRefusedException.Reason.RUN_ENDED))
                    .hasMessageContaining("has ended (CANCELLED)");
            assertThat(engine.cancelWaiting(waiting.runId())).as("ended already").isFalse();
            WorkflowResult again = engine.resume(wf, waiting.runId());
            assertThat(again.status()).as("resumed, as any cancelled run: it asks again").isEqualTo(RunStatus.WAITING);
            assertThat(onlyPending(engine, waiting.runId()).requestId()).isEqualTo(requestId);
        }
    }

    @Test
    void cancelWaiting_refusesARunThatIsNotWaiting() {
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(new InMemoryRunStore()).build()) {
            WorkflowResult done = engine.run(Workflow.builder("quick").step(Steps.task("t", "t", ctx -> "x")).build(),
                    Map.of());
            assertThat(engine.cancelWaiting(done.runId())).as("finished: nothing to cancel").isFalse();
            assertThatThrownBy(() -> engine.cancelWaiting("no-such-run"))
                    .isInstanceOf(dev.devora.orchestration.RunNotFoundException.class);
        }
    }
}
