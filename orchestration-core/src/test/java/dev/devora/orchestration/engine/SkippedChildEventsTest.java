package dev.devora.orchestration.engine;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step whose child is a conditional that skips (no condition held) still ends with exactly one event of its own:
 * a route, gate, loop or conditional around a skipped step has run, so it completes; only the conditional that
 * matched nothing is skipped.
 */
class SkippedChildEventsTest {
    private final WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();

    @AfterEach
    void close() {
        engine.close();
    }

    private static Step skipped() {
        return Steps.when("maybe", Condition.of("never", state -> false), Steps.task("t", "t", state -> "t"));
    }

    @Test
    void aRouteGateLoopOrConditionalAroundASkippedStep_completes_withOneEndEventEach() {
        Agent router = Agent.of("router", call -> AgentResult.text("only"));
        QualityGate passing = QualityGate.of("ok", input -> GateVerdict.pass("ok", 100, 70));
        Workflow route = Workflow.builder("route-around-skip")
                .step(Steps.route("triage", router).prompt("choose").option("only", "the only option", skipped())).build();
        Workflow gate = Workflow.builder("gate-around-skip").step(Steps.gate("g", skipped(), passing)).build();
        Workflow loop = Workflow.builder("loop-around-skip")
                .step(Steps.loop("l", skipped()).until(Condition.of("always", state -> true)).maxIterations(2)).build();
        Workflow conditional = Workflow.builder("conditional-around-skip")
                .step(Steps.when("outer", Condition.of("always", state -> true), skipped())).build();

        for (Workflow wf : new Workflow[]{route, gate, loop, conditional}) {
            RecordingWorkflowListener events = new RecordingWorkflowListener();
            WorkflowResult result = engine.run(wf, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode(), RunOptions.NONE, events);

            assertThat(result.status()).as(wf.id()).isEqualTo(RunStatus.SUCCEEDED);
            events.assertWellFormed();
            String outer = wf.steps().get(0).id();
            assertThat(events.completedPaths()).as(wf.id()).containsExactly(outer);
            assertThat(events.ofType(WorkflowEvent.StepSkipped.class)).as(wf.id())
                    .extracting(WorkflowEvent.StepSkipped::path).doesNotContain(outer).isNotEmpty();
            assertThat(events.ofType(WorkflowEvent.Progress.class)).as(wf.id()).isNotEmpty().last()
                    .satisfies(p -> assertThat(p.percent()).isEqualTo(100));
        }
    }
}
