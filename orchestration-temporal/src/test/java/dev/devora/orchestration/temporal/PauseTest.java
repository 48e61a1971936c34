package dev.devora.orchestration.temporal;

import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.PendingRequest;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run on Temporal pauses as in one JVM: the step under way finishes, no step starts while it is paused (each
 * parallel branch stops before its next one), and once resumed it ends as it would have without the pause; a paused
 * run can be cancelled; a run paused while it waits takes the decision but goes on only once resumed.
 */
class PauseTest {
    static final String QUEUE = "devora-pause";

    TestWorkflowEnvironment env;
    final List<String> asked = new CopyOnWriteArrayList<>();
    final CountDownLatch firstCallStarted = new CountDownLatch(1);
    final CountDownLatch releaseFirstCall = new CountDownLatch(1);

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stop() {
        releaseFirstCall.countDown();
        env.close();
    }

    /** Answers every call; the call of step "a" waits (on the worker) until the test releases it. */
    LlmProvider heldAtA() {
        return ScriptedLlmProvider.builder().name("scripted").otherwise(r -> {
            String path = r.attribute(LlmRequest.STEP_PATH);
            String step = path.substring(path.lastIndexOf('/') + 1); // "first/a" is step a
            asked.add(step);
            if (step.equals("a")) {
                firstCallStarted.countDown();
                try {
                    releaseFirstCall.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "done " + path;
        }).build();
    }

    static Workflow definition(LlmProvider p) {
        return Workflow.builder("pausable")
                .step(Steps.parallel("first",
                        Steps.agent("a", ConformanceTest.agent("writer", p)).prompt("A: {{input.topic}}"),
                        Steps.sequence("bc",
                                Steps.agent("b", ConformanceTest.agent("writer", p)).prompt("B: {{input.topic}}"),
                                Steps.agent("c", ConformanceTest.agent("writer", p)).prompt("C: {{b}}"))))
                .step(Steps.agent("d", ConformanceTest.agent("closer", p)).prompt("D: {{a}} {{c}}"))
                .build();
    }

    TemporalRuns.Run startHeld() throws InterruptedException {
        LlmProvider provider = heldAtA();
        Workflow definition = definition(provider);
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(definition).provider(provider).build().registerOn(worker);
        env.start();
        TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT);
        assertThat(firstCallStarted.await(30, TimeUnit.SECONDS)).as("step a's model call started").isTrue();
        return run;
    }

    @Test
    void aPausedRun_startsNoStepUntilResumed_andEndsAsWithoutThePause() throws Exception {
        String expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            expected = engine.run(definition(ScriptedLlmProvider.builder().name("scripted")
                    .otherwise(r -> "done " + r.attribute(LlmRequest.STEP_PATH)).build()), ConformanceTest.INPUT).stateJson();
        }
        TemporalRuns.Run run = startHeld();
        CancellationAndEventsTest.await("b answered", () -> asked.contains("b"));
        run.pause();
        CancellationAndEventsTest.await("the run says it is paused", () -> run.status() == RunStatus.PAUSED);
        releaseFirstCall.countDown(); // a's call ends while the run is paused: kept, not asked again
        CancellationAndEventsTest.await("a completed", () -> run.events().stream().anyMatch(e ->
                e instanceof WorkflowEvent.StepCompleted s && s.path().endsWith("/a")));
        Thread.sleep(500);
        assertThat(run.status()).isEqualTo(RunStatus.PAUSED);
        assertThat(asked).as("no step started while paused").doesNotContain("d");
        if (asked.contains("c")) { // b's branch may have started c before the pause landed; never d
            assertThat(asked).containsExactlyInAnyOrder("a", "b", "c");
        }

        run.resume();
        assertThat(run.stateJson()).isEqualTo(expected);
        assertThat(asked).as("every model asked once").containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aPausedRun_canBeCancelled_andEndsCancelledWithWhatItFinished() throws Exception {
        TemporalRuns.Run run = startHeld();
        run.pause();
        CancellationAndEventsTest.await("the run says it is paused", () -> run.status() == RunStatus.PAUSED);
        releaseFirstCall.countDown();
        CancellationAndEventsTest.await("a completed", () -> run.events().stream().anyMatch(e ->
                e instanceof WorkflowEvent.StepCompleted s && s.path().endsWith("/a")));
        run.cancel();
        String state = run.stateJson();
        assertThat(state).contains("\"status\":\"CANCELLED\"").contains("\"a\":\"done first/a\"");
        assertThat(asked).doesNotContain("d");
    }
    @Test
    void aRunPausedWhileItWaits_takesTheDecision_butGoesOnOnlyOnceResumed() throws Exception {
        Decision decision = Decision.edit("my own draft");
        String expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            Workflow local = ApprovalsTest.reviewed(ConformanceTest.scripted());
            WorkflowResult waiting = engine.run(local, ConformanceTest.INPUT);
            PendingRequest asked = engine.pending(waiting.runId()).get(0);
            engine.recordDecision(waiting.runId(), asked.requestId(), decision);
            expected = engine.resume(local, waiting.runId()).stateJson();
        }
        List<String> polished = new CopyOnWriteArrayList<>();
        LlmProvider llm = ScriptedLlmProvider.builder().name("scripted").otherwise(r -> {
            if (r.attribute(LlmRequest.STEP_PATH).equals("polish")) polished.add("polish");
            return ConformanceTest.scripted().complete(r).text();
        }).build();
        Workflow definition = ApprovalsTest.reviewed(llm);
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(definition).provider(llm).build().registerOn(worker);
        env.start();
        TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT);
        CancellationAndEventsTest.await("the run waits", () -> run.status() == RunStatus.WAITING);
        run.pause();
        CancellationAndEventsTest.await("the run says it is paused", () -> run.status() == RunStatus.PAUSED);
        run.decide(run.pending().get(0).path("request_id").asText(), decision);
        CancellationAndEventsTest.await("the decision is journaled", () -> run.journal(0).stream()
                .anyMatch(e -> e instanceof dev.devora.orchestration.journal.JournalEntry.WaitAnswered));
        Thread.sleep(500);
        assertThat(run.status()).isEqualTo(RunStatus.PAUSED);
        assertThat(polished).as("nothing after the decision ran while paused").isEmpty();

        run.resume();
        assertThat(run.stateJson()).isEqualTo(expected);
        assertThat(polished).hasSize(1);
    }
}
