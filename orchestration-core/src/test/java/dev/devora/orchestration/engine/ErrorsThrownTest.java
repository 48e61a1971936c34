package dev.devora.orchestration.engine;

import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a provider, agent, task or listener throws, {@code Error}s included, on the run's own thread or in a
 * parallel branch: the run reaches a terminal status, its result future completes normally with the failure, and
 * exactly one {@code RunCompleted} is emitted.
 */
class ErrorsThrownTest {
    /** Keeps the warnings these tests provoke off the console unless a test fails. */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    private final WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();

    @AfterEach
    void close() {
        engine.close();
    }

    /** A provider with a bug: it throws an {@link AssertionError}. */
    private static final class AssertingProvider implements LlmProvider {
        @Override
        public String name() {
            return "asserting";
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            throw new AssertionError("provider invariant broken");
        }
    }

    private static Agent ok(String name) {
        return Agent.of(name, call -> AgentResult.text(name + " ok"));
    }

    /** Starts the workflow, waits for its end and checks the end is complete: status, future, one RunCompleted. */
    private WorkflowResult runToTheEnd(Workflow wf, RunStatus expected, WorkflowListener... more) throws Exception {
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowListener all = event -> {
            events.onEvent(event);
            for (WorkflowListener l : more) l.onEvent(event);
        };
        WorkflowRun run = engine.start(wf, Map.of(), all);
        WorkflowResult result = run.result().get(30, TimeUnit.SECONDS); // completes normally, not exceptionally
        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(expected);
        assertThat(run.status()).isEqualTo(expected);
        assertThat(events.ofType(WorkflowEvent.RunCompleted.class)).hasSize(1)
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(expected));
        return result;
    }

    @Test
    void aProvidersAssertionError_onTheRunsThread_failsTheStepAndTheRun() throws Exception {
        Workflow wf = Workflow.builder("provider-error")
                .step(Steps.agent("first", ok("first")).prompt("go"))
                .step(Steps.agent("broken", LlmAgent.builder("broken").provider(new AssertingProvider()).build()).prompt("go"))
                .step(Steps.agent("never", ok("never")).prompt("go"))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result = runToTheEnd(wf, RunStatus.FAILED, events);

        events.assertWellFormed();
        assertThat(result.text("first")).isEqualTo("first ok"); // kept
        assertThat(result.failure().orElseThrow()).isInstanceOf(StepFailedException.class)
                .hasMessageContaining("broken").hasMessageContaining("AssertionError")
                .hasMessageContaining("provider invariant broken");
        assertThat(events.ofType(WorkflowEvent.StepFailed.class)).extracting(WorkflowEvent.StepFailed::path)
                .containsExactly("broken");
        assertThat(events.startedPaths()).doesNotContain("never");
    }

    @Test
    void anAgentsOrATasksError_failTheRun_onTheRunsThreadAndInABranch() throws Exception {
        Agent overflowing = Agent.of("overflowing", call -> {
            throw new StackOverflowError("agent recursed");
        });
        Step task = Steps.task("task", "throws", state -> {
            throw new ExceptionInInitializerError("task could not load");
        });
        RecordingWorkflowListener onThread = new RecordingWorkflowListener();
        runToTheEnd(Workflow.builder("agent-error").step(Steps.agent("a", overflowing).prompt("go")).build(),
                RunStatus.FAILED, onThread);
        RecordingWorkflowListener taskOnThread = new RecordingWorkflowListener();
        runToTheEnd(Workflow.builder("task-error").step(task).build(), RunStatus.FAILED, taskOnThread);
        RecordingWorkflowListener inBranch = new RecordingWorkflowListener();
        WorkflowResult branch = runToTheEnd(Workflow.builder("branch-error").step(Steps.parallel("p",
                Steps.agent("fine", ok("fine")).prompt("go"), Steps.agent("a", overflowing).prompt("go"))).build(),
                RunStatus.FAILED, inBranch);

        onThread.assertWellFormed();
        taskOnThread.assertWellFormed();
        inBranch.assertWellFormed();
        assertThat(branch.failure().orElseThrow()).hasMessageContaining("agent recursed");
    }

    @Test
    void aListenersStackOverflow_isContainedLikeAnyListenerFailure_andTheRunGoesOn() throws Exception {
        WorkflowListener overflowing = event -> {
            if (event instanceof WorkflowEvent.StepStarted || event instanceof WorkflowEvent.RunCompleted) {
                throw new StackOverflowError("listener recursed");
            }
        };
        Workflow wf = Workflow.builder("listener-overflow")
                .step(Steps.agent("a", ok("a")).prompt("go"))
                .step(Steps.agent("b", ok("b")).prompt("go"))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result = runToTheEnd(wf, RunStatus.SUCCEEDED, overflowing, events);

        assertThat(result.text("b")).isEqualTo("b ok");
        assertThat(events.completedPaths()).containsExactly("a", "b");
    }

    @Test
    void aListenersFatalError_failsTheRun_yetTheRunEndsWithOneRunCompleted() throws Exception {
        Predicate<WorkflowEvent> when = e -> e instanceof WorkflowEvent.StepCompleted c && c.path().equals("a");
        WorkflowListener fatal = event -> {
            if (when.test(event) || event instanceof WorkflowEvent.RunCompleted) {
                throw new OutOfMemoryError("simulated by a listener");
            }
        };
        Workflow wf = Workflow.builder("listener-fatal")
                .step(Steps.agent("a", ok("a")).prompt("go"))
                .step(Steps.agent("b", ok("b")).prompt("go"))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();

        WorkflowResult result = runToTheEnd(wf, RunStatus.FAILED, fatal, events);

        assertThat(result.text("a")).isEqualTo("a ok");
        assertThat(result.failure().orElseThrow()).extracting(Throwable::getMessage).asString().contains("OutOfMemoryError");
        assertThat(events.startedPaths()).doesNotContain("b");
    }

    @Test
    void aListenersFatalErrorInABranch_andAGatesError_failTheRunCleanly() throws Exception {
        WorkflowListener fatalInBranch = event -> {
            if (event instanceof WorkflowEvent.StepStarted s && s.path().equals("p/right")) {
                throw new OutOfMemoryError("simulated in a branch");
            }
        };
        Workflow branches = Workflow.builder("branch-listener").step(Steps.parallel("p",
                Steps.agent("left", ok("left")).prompt("go"), Steps.agent("right", ok("right")).prompt("go"))).build();
        dev.devora.orchestration.gate.QualityGate broken = dev.devora.orchestration.gate.QualityGate.of("broken", input -> {
            throw new AssertionError("gate invariant broken");
        });
        Workflow gated = Workflow.builder("gate-error")
                .step(Steps.gate("g", Steps.agent("draft", ok("draft")).prompt("go"), broken)).build();
        RecordingWorkflowListener branchEvents = new RecordingWorkflowListener();
        RecordingWorkflowListener gateEvents = new RecordingWorkflowListener();

        WorkflowResult branch = runToTheEnd(branches, RunStatus.FAILED, fatalInBranch, branchEvents);
        WorkflowResult gate = runToTheEnd(gated, RunStatus.FAILED, gateEvents);

        assertThat(branch.failure().orElseThrow()).hasMessageContaining("OutOfMemoryError");
        gateEvents.assertWellFormed();
        assertThat(gate.failure().orElseThrow()).hasMessageContaining("gate invariant broken");
        assertThat(gate.text("draft")).isEqualTo("draft ok");
    }

    @Test
    void aBlockingRun_returnsItsFailedResult_whenAnErrorIsThrown() {
        Workflow wf = Workflow.builder("blocking-error")
                .step(Steps.agent("broken", LlmAgent.builder("broken").provider(new AssertingProvider()).build()).prompt("go"))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.stateJson()).contains("AssertionError");
    }
    /** Throws a checked exception that the method does not declare, as Kotlin, Groovy or Lombok code can. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException undeclared(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void anUndeclaredCheckedException_onTheRunsThread_inABranch_fromAGateOrTheDeliverables_endsTheRun() throws Exception {
        Agent throwing = Agent.of("throwing", call -> {
            throw undeclared(new java.io.IOException("agent could not read"));
        });
        dev.devora.orchestration.gate.QualityGate gate = dev.devora.orchestration.gate.QualityGate.of("g", input -> {
            throw undeclared(new java.io.IOException("gate could not read"));
        });
        Workflow onThread = Workflow.builder("undeclared-thread").step(Steps.agent("a", throwing).prompt("go")).build();
        Workflow inBranch = Workflow.builder("undeclared-branch").step(Steps.parallel("p",
                Steps.agent("fine", ok("fine")).prompt("go"), Steps.agent("a", throwing).prompt("go"))).build();
        Workflow gated = Workflow.builder("undeclared-gate")
                .step(Steps.gate("checked", Steps.agent("draft", ok("draft")).prompt("go"), gate)).build();
        Workflow assembled = Workflow.builder("undeclared-deliverables").step(Steps.agent("a", ok("a")).prompt("go"))
                .deliverables(state -> {
                    throw undeclared(new java.io.IOException("assembler could not read"));
                }).build();

        for (Workflow wf : new Workflow[]{onThread, inBranch, gated}) {
            RecordingWorkflowListener events = new RecordingWorkflowListener();
            WorkflowRun run = engine.start(wf, Map.of(), events);
            WorkflowResult result = run.result().get(10, TimeUnit.SECONDS);
            assertThat(result.status()).as(wf.id()).isEqualTo(RunStatus.FAILED);
            assertThat(run.status()).as(wf.id()).isEqualTo(RunStatus.FAILED);
            assertThat(result.failure().orElseThrow()).as(wf.id()).hasMessageContaining("IOException")
                    .hasMessageContaining("could not read");
            assertThat(events.ofType(WorkflowEvent.RunCompleted.class)).as(wf.id()).hasSize(1);
            events.assertWellFormed();
        }
        WorkflowRun run = engine.start(assembled, Map.of(), WorkflowListener.NONE);
        WorkflowResult result = run.result().get(10, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED); // a failing assembly is a warning, as before
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w.message()).contains("assembler could not read"));
    }
}
