package dev.devora.orchestration.wait;

import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Waiting runs under hostile use (issue 11, adversarial check): each test failed before its fix. */
class WaitAdversarialTest {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    private static Workflow approveThen(String id, String planDescription) {
        return Workflow.builder(id)
                .step(Steps.task("plan", planDescription, ctx -> "plan"))
                .step(Steps.approval("approve", Approvals.person("owner"), "Ship {{plan}}?"))
                .build();
    }

    @Test
    void watchWaitingRuns_aRunThatCannotBeContinued_doesNotStopTheOthers() {
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow b = approveThen("b", "plans");
        String bRun;
        String aRun;
        try (WorkflowEngine first = WorkflowEngine.builder().runStore(store).build()) {
            bRun = first.run(b, Map.of()).runId();
            aRun = first.run(approveThen("a", "plans"), Map.of()).runId(); // newer: listed first
            for (String run : new String[]{aRun, bRun}) {
                first.recordDecision(run, first.pending(run).get(0).requestId(), Decision.approve());
            }
        }
        // a later process knows a changed "a" (its finished step differs: a DefinitionChangedException) and "b"
        try (WorkflowEngine later = WorkflowEngine.builder().runStore(store)
                .workflows(approveThen("a", "plans differently"), b).build()) {
            assertThat(later.watchWaitingRuns()).isEqualTo(1);
            assertThat(store.run(bRun).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(store.run(aRun).orElseThrow().status()).isEqualTo(RunStatus.WAITING);
            assertThat(logs.messages(ch.qos.logback.classic.Level.WARN)).singleElement().asString()
                    .contains(aRun, "could not be continued", "DefinitionChangedException");
        }
    }

    @Test
    void aReviewedAgentThatReturnsJson_anEditInJsonReplacesTheJsonForLaterReferences() {
        dev.devora.orchestration.agent.Agent designer = new dev.devora.orchestration.agent.Agent() {
            @Override
            public String name() {
                return "designer";
            }

            @Override
            public dev.devora.orchestration.agent.AgentResult run(dev.devora.orchestration.agent.AgentCall call) {
                return dev.devora.orchestration.agent.AgentResult.json(
                        dev.devora.orchestration.internal.Json.MAPPER.createObjectNode().put("title", "REST"));
            }
        };
        Workflow wf = Workflow.builder("json-review")
                .step(Steps.agent("design", Approvals.person("lead").reviewing(designer)).prompt("Design it"))
                .step(Steps.task("build", "builds", ctx -> "built " + ctx.json("design.title").asText()))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            String run = engine.run(wf, Map.of()).runId();
            WorkflowResult done = engine.decide(wf, run, engine.pending(run).get(0).requestId(),
                    Decision.edit("{\"title\":\"GraphQL\"}"));
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.outputs().get("design").json().path("title").asText()).isEqualTo("GraphQL");
            assertThat(done.outputs().get("build").text()).isEqualTo("built GraphQL");

            String other = engine.run(wf, Map.of()).runId();
            String request = engine.pending(other).get(0).requestId();
            assertThatThrownBy(() -> engine.recordDecision(other, request, Decision.edit("GraphQL, please")))
                    .isInstanceOfSatisfying(dev.devora.orchestration.AnswerRefusedException.class, e ->
                            assertThat(e.reason()).isEqualTo(dev.devora.orchestration.AnswerRefusedException.Reason.NOT_ALLOWED))
                    .hasMessageContaining("JSON").hasMessageContaining("GraphQL, please");
            assertThat(engine.pending(other)).as("nothing recorded").hasSize(1);
        }
    }

    /**
     * An agent whose request is not the same when its step runs again (here: what it would deploy changed, as when a
     * retried attempt's model asks for another tool call): the answer given to the first request is not taken as the
     * answer to the other one, which is asked anew.
     */
    @Test
    void anAnswerApplies_onlyToTheRequestItAnswered_notToADifferentRequestAtTheSameId() {
        java.util.concurrent.atomic.AtomicReference<String> target = new java.util.concurrent.atomic.AtomicReference<>("X");
        dev.devora.orchestration.agent.Agent deployer = new dev.devora.orchestration.agent.Agent() {
            @Override
            public String name() {
                return "deployer";
            }

            @Override
            public dev.devora.orchestration.agent.AgentResult run(dev.devora.orchestration.agent.AgentCall call) {
                String what = target.get();
                com.fasterxml.jackson.databind.JsonNode answer = call.context().await("approval",
                        dev.devora.orchestration.internal.Json.MAPPER.createObjectNode().put("deploy", what));
                return dev.devora.orchestration.agent.AgentResult.text(answer.asText() + " " + what);
            }
        };
        Workflow wf = Workflow.builder("deploys").step(Steps.agent("deploy", deployer).prompt("deploy")).build();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            String run = engine.run(wf, Map.of()).runId();
            String asked = engine.pending(run).get(0).requestId();
            target.set("Y");
            WorkflowResult after = engine.answer(wf, run, asked,
                    com.fasterxml.jackson.databind.node.TextNode.valueOf("approved"));
            assertThat(after.status()).as("approving X does not deploy Y").isEqualTo(RunStatus.WAITING);
            assertThat(engine.pending(run)).singleElement().satisfies(p -> {
                assertThat(p.requestId()).isNotEqualTo(asked);
                assertThat(p.request().path("deploy").asText()).isEqualTo("Y");
            });
            WorkflowResult done = engine.answer(wf, run, engine.pending(run).get(0).requestId(),
                    com.fasterxml.jackson.databind.node.TextNode.valueOf("approved"));
            assertThat(done.outputs().get("deploy").text()).isEqualTo("approved Y");
            target.set("X");
            assertThat(engine.resume(wf, run).status()).as("finished: nothing asked again").isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void aDeadlineOfARequestLeftPendingByARunThatEnded_doesNotContinueTheEndedRun() throws Exception {
        Workflow wf = Workflow.builder("ended")
                .step(Steps.parallel("both",
                        Steps.approval("a", Approvals.person("owner").timeout(
                                dev.devora.orchestration.agent.WaitTimeout.fail(Duration.ofMillis(600))), "A?"),
                        Steps.approval("b", Approvals.person("owner"), "B?")))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            String run = engine.run(wf, Map.of()).runId(); // waits for a (deadline on the engine's timer) and b
            WorkflowResult rejected = engine.decide(wf, run, "both/b/approval-1", Decision.reject("no"));
            assertThat(rejected.status()).isEqualTo(RunStatus.FAILED);
            assertThat(engine.pending(run)).extracting(p -> p.requestId()).containsExactly("both/a/approval-1");
            int entries = engine.runStore().entries(run).size();
            Thread.sleep(2000); // the deadline passed with a wide margin
            assertThat(engine.runStore().entries(run)).as("nothing journaled after the run ended: "
                    + engine.runStore().entries(run)).hasSize(entries);
            assertThat(engine.runStore().run(run).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        }
    }

    /**
     * An answer recorded while a resumed run is live in the engine but its pass has not journaled its start yet (a
     * run continued on the executor, still queued): the pass did not read it, so the engine must run it again.
     */
    @Test
    void anAnswerRecordedBeforeAQueuedPassStarts_isNotLost() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean hold = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture<Runnable> held = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.Executor executor = command -> {
            if (hold.compareAndSet(true, false)) held.complete(command);
            else new Thread(command).start();
        };
        Workflow wf = Workflow.builder("two").step(Steps.parallel("both",
                Steps.approval("a", Approvals.person("owner"), "A?"),
                Steps.approval("b", Approvals.person("owner"), "B?"))).build();
        try (WorkflowEngine engine = WorkflowEngine.builder().executor(executor).build()) {
            String run = engine.run(wf, Map.of()).runId();
            engine.recordDecision(run, "both/a/approval-1", Decision.approve());
            hold.set(true);
            dev.devora.orchestration.engine.WorkflowRun resumed = engine.startResume(wf, run,
                    dev.devora.orchestration.engine.ResumeOptions.DEFAULT, null);
            Runnable pass = held.get(20, java.util.concurrent.TimeUnit.SECONDS); // live, not started yet
            engine.recordDecision(run, "both/b/approval-1", Decision.approve());
            new Thread(pass).start();
            resumed.result().get(20, java.util.concurrent.TimeUnit.SECONDS); // this pass ends waiting for b
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // generous: 2 busy cores
            while (engine.runStore().run(run).orElseThrow().status() != RunStatus.SUCCEEDED
                    && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(engine.runStore().run(run).orElseThrow().status())
                    .as("b's approval was seen by a next pass: " + engine.runStore().entries(run))
                    .isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void withAgentSteps_keepsTheSlasOfTheSteps() {
        Workflow wf = Workflow.builder("slas")
                .step(Steps.task("plan", "plans", ctx -> "plan"))
                .step(Steps.approval("approve", Approvals.person("owner"), "Ship {{plan}}?"))
                .sla("plan", Duration.ofMinutes(5)).sla("approve", Duration.ofMinutes(8))
                .build();
        Workflow mapped = wf.withAgentSteps(s -> s);
        assertThat(mapped.slas()).isEqualTo(Map.of("plan", Duration.ofMinutes(5), "approve", Duration.ofMinutes(8)));
    }

    @Test
    void anAnswerFromASecondEngine_whileTheFirstRunsTheRun_isRefusedAsRunningElsewhere_andThePassLosesNothing()
            throws Exception {
        dev.devora.orchestration.journal.InMemoryRunStore store = new dev.devora.orchestration.journal.InMemoryRunStore();
        java.util.concurrent.CountDownLatch slowRunning = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch refused = new java.util.concurrent.CountDownLatch(1);
        dev.devora.orchestration.workflow.Workflow wf = dev.devora.orchestration.workflow.Workflow.builder("two")
                .step(dev.devora.orchestration.workflow.Steps.parallel("both",
                        dev.devora.orchestration.workflow.Steps.sequence("left",
                                dev.devora.orchestration.workflow.Steps.approval("a",
                                        dev.devora.orchestration.approval.Approvals.person("owner"), "A?"),
                                dev.devora.orchestration.workflow.Steps.task("slow", "slow", ctx -> {
                                    slowRunning.countDown();
                                    refused.await(20, java.util.concurrent.TimeUnit.SECONDS);
                                    return "slow";
                                })),
                        dev.devora.orchestration.workflow.Steps.approval("b",
                                dev.devora.orchestration.approval.Approvals.person("owner"), "B?")))
                .build();
        try (dev.devora.orchestration.engine.WorkflowEngine one = dev.devora.orchestration.engine.WorkflowEngine.builder()
                .runStore(store).workflows(wf).build();
             dev.devora.orchestration.engine.WorkflowEngine two = dev.devora.orchestration.engine.WorkflowEngine.builder()
                     .runStore(store).workflows(wf).build()) {
            String run = one.run(wf, java.util.Map.of()).runId();
            java.util.concurrent.CompletableFuture<dev.devora.orchestration.engine.WorkflowResult> a =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> one.decide(run, "both/left/a/approval-1",
                            dev.devora.orchestration.approval.Decision.approve()));
            org.assertj.core.api.Assertions.assertThat(slowRunning.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            int before = store.entries(run).size();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> two.recordDecision(run, "both/b/approval-1",
                            dev.devora.orchestration.approval.Decision.approve()))
                    .isInstanceOfSatisfying(dev.devora.orchestration.AnswerRefusedException.class, e -> org.assertj.core.api
                            .Assertions.assertThat(e.reason()).isEqualTo(
                                    dev.devora.orchestration.AnswerRefusedException.Reason.RUNNING_ELSEWHERE))
                    .hasMessageContaining("is running in another engine");
            org.assertj.core.api.Assertions.assertThat(store.entries(run)).as("nothing appended").hasSize(before);
            refused.countDown();
            dev.devora.orchestration.engine.WorkflowResult first = a.get(30, java.util.concurrent.TimeUnit.SECONDS);
            org.assertj.core.api.Assertions.assertThat(first.status()).as("the live pass was not broken")
                    .isEqualTo(dev.devora.orchestration.engine.RunStatus.WAITING);
            org.assertj.core.api.Assertions.assertThat(two.decide(run, "both/b/approval-1",
                    dev.devora.orchestration.approval.Decision.approve()).status())
                    .as("once it waits, the second engine's answer is taken").isEqualTo(
                            dev.devora.orchestration.engine.RunStatus.SUCCEEDED);
        }
    }
}
