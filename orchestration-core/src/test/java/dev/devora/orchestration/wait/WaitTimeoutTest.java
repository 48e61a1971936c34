package dev.devora.orchestration.wait;

import dev.devora.orchestration.AnswerRefusedException;
import dev.devora.orchestration.WaitTimeoutException;
import dev.devora.orchestration.agent.WaitTimeout;
import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Approver;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Timeout policies of waits (issue 11): fail, a default answer, escalation; deadlines across engines; allowed answers. */
class WaitTimeoutTest {
    private static Workflow approveThenGo(Approver approver) {
        return Workflow.builder("sign-off")
                .step(Steps.task("plan", "plans", ctx -> "plan A"))
                .step(Steps.approval("approve", approver, "Ship {{plan}}?"))
                .step(Steps.task("go", "goes", ctx -> "going with " + ctx.text("approve")))
                .build();
    }

    private static void eventually(String what, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // generous: 2 busy cores
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("not within 20 s: " + what);
            Thread.sleep(20);
        }
    }

    private static RunStatus status(RunStore store, String runId) {
        return store.run(runId).orElseThrow().status();
    }

    @Test
    void failPolicy_theEnginesTimerFailsTheStepAtTheDeadline_andALaterDecisionIsRefusedAsExpired() throws Exception {
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow wf = approveThenGo(Approvals.person("owner").timeout(WaitTimeout.fail(Duration.ofMillis(300))));
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult waiting = engine.run(wf, Map.of());
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
            PendingRequest p = engine.pending(waiting.runId()).get(0);
            assertThat(p.deadline()).isEqualTo(p.at().plusMillis(300));
            eventually("the run failed at its deadline", () -> status(store, waiting.runId()) == RunStatus.FAILED);
            assertThat(engine.pending(waiting.runId())).isEmpty();
            JournalEntry.RunEnded end = (JournalEntry.RunEnded) store.entries(waiting.runId()).stream()
                    .filter(e -> e instanceof JournalEntry.RunEnded).findFirst().orElseThrow();
            assertThat(end.failureMessage()).contains("no answer to request '" + p.requestId() + "' within PT0.3S");
            assertThat(engine.events(waiting.runId())).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    WorkflowEvent.WaitTimedOut.class, t -> assertThat(t.action()).isEqualTo(WaitTimeout.Action.FAIL)));
            int before = store.entries(waiting.runId()).size();
            assertThatThrownBy(() -> engine.decide(wf, waiting.runId(), p.requestId(), Decision.approve()))
                    .isInstanceOfSatisfying(AnswerRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(AnswerRefusedException.Reason.EXPIRED))
                    .hasMessageContaining("expired");
            assertThat(store.entries(waiting.runId())).as("nothing recorded").hasSize(before);
            WorkflowResult again = engine.resume(wf, waiting.runId());
            assertThat(again.failure().orElseThrow()).isInstanceOf(dev.devora.orchestration.StepFailedException.class)
                    .hasRootCauseInstanceOf(WaitTimeoutException.class);
        }
    }

    @Test
    void answerPolicy_theStepGoesOnWithTheDefaultDecision() throws Exception {
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow wf = approveThenGo(Approvals.person("owner")
                .timeout(WaitTimeout.answer(Duration.ofMillis(200), Decision.edit("plan B, by default").toJson())));
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult waiting = engine.run(wf, Map.of());
            eventually("the run went on with the default", () -> status(store, waiting.runId()) == RunStatus.SUCCEEDED);
            WorkflowResult done = engine.resume(wf, waiting.runId());
            assertThat(done.outputs().get("go").text()).isEqualTo("going with plan B, by default");
        }
    }

    @Test
    void escalatePolicy_keepsWaiting_tellsTheEnginesListenersOnce_andADecisionStillContinuesTheRun() throws Exception {
        InMemoryRunStore store = new InMemoryRunStore();
        RecordingWorkflowListener engineEvents = new RecordingWorkflowListener();
        Workflow wf = approveThenGo(Approvals.person("owner").timeout(WaitTimeout.escalate(Duration.ofMillis(200))));
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).listener(engineEvents).build()) {
            WorkflowResult waiting = engine.run(wf, Map.of());
            eventually("escalated", () -> !engineEvents.ofType(WorkflowEvent.WaitTimedOut.class).isEmpty());
            WorkflowEvent.WaitTimedOut t = engineEvents.ofType(WorkflowEvent.WaitTimedOut.class).get(0);
            assertThat(t.action()).isEqualTo(WaitTimeout.Action.ESCALATE);
            assertThat(t.path()).isEqualTo("approve");
            assertThat(status(store, waiting.runId())).isEqualTo(RunStatus.WAITING);
            PendingRequest p = engine.pending(waiting.runId()).get(0);
            assertThat(p.escalated()).isTrue();
            assertThat(engine.watchWaitingRuns()).as("nothing due any more").isZero();
            assertThat(engineEvents.ofType(WorkflowEvent.WaitTimedOut.class)).as("escalated once").hasSize(1);
            WorkflowResult done = engine.decide(wf, waiting.runId(), p.requestId(), Decision.approve());
            assertThat(done.outputs().get("go").text()).isEqualTo("going with Ship plan A?");
        }
    }

    /** A clock tests move by hand. */
    private static final class HandClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T09:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void aDeadlineThatPassedWhileNoEngineRan_isAppliedByTheNextEnginesWatch_onTheCallingThread() {
        InMemoryRunStore store = new InMemoryRunStore();
        HandClock clock = new HandClock();
        Workflow wf = approveThenGo(Approvals.person("owner").timeout(WaitTimeout.fail(Duration.ofHours(8))));
        String runId;
        try (WorkflowEngine first = WorkflowEngine.builder().runStore(store).clock(clock).build()) {
            runId = first.run(wf, Map.of()).runId();
        }
        clock.now.set(clock.now.get().plus(Duration.ofHours(7)));
        try (WorkflowEngine second = WorkflowEngine.builder().runStore(store).clock(clock).workflows(wf).build()) {
            assertThat(second.watchWaitingRuns()).as("not due yet").isZero();
            assertThat(status(store, runId)).isEqualTo(RunStatus.WAITING);
        }
        clock.now.set(clock.now.get().plus(Duration.ofHours(2)));
        try (WorkflowEngine third = WorkflowEngine.builder().runStore(store).clock(clock).workflows(wf).build()) {
            assertThat(third.watchWaitingRuns()).isEqualTo(1);
            assertThat(status(store, runId)).as("failed on this thread, before watch returned").isEqualTo(RunStatus.FAILED);
        }
    }

    @Test
    void anAnswerGivenWhileNoEngineRan_isPickedUpByTheNextEnginesWatch() {
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow wf = approveThenGo(Approvals.person("owner"));
        String runId;
        String requestId;
        try (WorkflowEngine first = WorkflowEngine.builder().runStore(store).build()) {
            runId = first.run(wf, Map.of()).runId();
            requestId = first.pending(runId).get(0).requestId();
            assertThat(first.recordAnswer(runId, requestId, Decision.approve().toJson())).isTrue();
            assertThat(first.recordAnswer(runId, requestId, Decision.approve().toJson())).as("the same again").isFalse();
        } // closed before it continued the run (a receiver that replied, then the process stopped)
        try (WorkflowEngine second = WorkflowEngine.builder().runStore(store).workflows(wf).build()) {
            assertThat(second.watchWaitingRuns()).isEqualTo(1);
            assertThat(status(store, runId)).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void anAnswerTheRequestDoesNotAllow_isRefused_andNothingIsRecorded() {
        InMemoryRunStore store = new InMemoryRunStore();
        Workflow wf = approveThenGo(Approvals.person("owner").allowing(Decision.Verdict.APPROVE, Decision.Verdict.REJECT));
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult waiting = engine.run(wf, Map.of());
            PendingRequest p = engine.pending(waiting.runId()).get(0);
            assertThat(p.request().get("allowed")).hasToString("[\"approve\",\"reject\"]");
            int before = store.entries(waiting.runId()).size();
            assertThatThrownBy(() -> engine.decide(waiting.runId(), p.requestId(), Decision.edit("mine")))
                    .isInstanceOfSatisfying(AnswerRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(AnswerRefusedException.Reason.NOT_ALLOWED))
                    .hasMessageContaining("allows [\"approve\",\"reject\"], not edit");
            assertThat(store.entries(waiting.runId())).hasSize(before);
            assertThat(engine.decide(waiting.runId(), p.requestId(), Decision.approve()).status())
                    .isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThatThrownBy(() -> Approvals.person("x").allowing(Decision.Verdict.APPROVE)
                .timeout(WaitTimeout.answer(Duration.ofHours(1), Decision.reject("late").toJson())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REJECT is not one of the allowed");
        assertThatThrownBy(() -> WaitTimeout.fail(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WaitTimeout.after must be a positive duration, was PT0S");
    }

    @Test
    void parallelApprovals_theSecondAnsweredWhileTheFirstsBranchStillRuns_isNotLost() throws Exception {
        InMemoryRunStore store = new InMemoryRunStore();
        java.util.concurrent.CountDownLatch slowBranchRunning = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch secondRecorded = new java.util.concurrent.CountDownLatch(1);
        Workflow wf = Workflow.builder("two-sign-offs")
                .step(Steps.parallel("reviews",
                        Steps.sequence("legal", Steps.approval("legal-ok", Approvals.person("legal"), "ok?"),
                                Steps.task("legal-file", "files", ctx -> {
                                    slowBranchRunning.countDown();
                                    try {
                                        secondRecorded.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    return "filed";
                                })),
                        Steps.sequence("security", Steps.approval("security-ok", Approvals.person("security"), "safe?"),
                                Steps.task("security-file", "files", ctx -> "filed too"))))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult waiting = engine.run(wf, Map.of());
            List<PendingRequest> pending = engine.pending(waiting.runId());
            assertThat(pending).hasSize(2);
            String legal = pending.stream().filter(p -> p.stepPath().contains("legal")).findFirst().orElseThrow().requestId();
            String security = pending.stream().filter(p -> p.stepPath().contains("security")).findFirst().orElseThrow()
                    .requestId();
            java.util.concurrent.CompletableFuture<WorkflowResult> first = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> engine.decide(wf, waiting.runId(), legal, Decision.approve()));
            assertThat(slowBranchRunning.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(engine.recordAnswer(waiting.runId(), security, Decision.approve().toJson()))
                    .as("journaled through the live run").isTrue();
            secondRecorded.countDown();
            WorkflowResult done = first.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.outputs().get("security-file").text()).isEqualTo("filed too");
        }
    }
}
