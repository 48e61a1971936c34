package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.llm.Usage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps and gate history the run detail shows, from numbered events as a run's listener gets them. */
class RunStepsTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void eachStepPath_addsUpItsExecutionsCallsAndCost_andShowsWaitsRetriesFailuresAndSlaBreaches() {
        RunEvents events = new RunEvents();
        String run = "run-1";
        events.onEvent(new WorkflowEvent.RunStarted(run, "wf", T0));
        events.onEvent(new WorkflowEvent.StepStarted(run, "draft", "agent", T0));
        events.onEvent(new WorkflowEvent.LlmCallCompleted(run, "draft", "writer", "m", new Usage(100, 20, 0, 0,
                new BigDecimal("0.01")), Duration.ofMillis(5), null, T0.plusMillis(400)));
        events.onEvent(new WorkflowEvent.StepRetried(run, "draft", 2, Duration.ZERO, new RuntimeException("429"), T0.plusMillis(450)));
        events.onEvent(new WorkflowEvent.LlmCallCompleted(run, "draft", "writer", "m", new Usage(50, 10, 0, 0,
                null, new BigDecimal("0.002")), Duration.ofMillis(5), null, T0.plusMillis(900)));
        events.onEvent(new WorkflowEvent.StepCompleted(run, "draft", "agent", Duration.ofMillis(1000), T0.plusMillis(1000)));
        events.onEvent(new WorkflowEvent.GateEvaluated(run, "review", 1, GateVerdict.fail("rubric", 60, 80, "add examples"),
                T0.plusMillis(1100)));
        events.onEvent(new WorkflowEvent.StepStarted(run, "approve", "wait", T0.plusMillis(1200)));
        events.onEvent(new WorkflowEvent.WaitStarted(run, "approve", "req-1", "approval", T0.plusMillis(1200)));
        events.onEvent(new WorkflowEvent.SlaBreached(run, "approve", Duration.ofSeconds(1), Duration.ofSeconds(2), T0.plusMillis(3200)));
        events.onEvent(new WorkflowEvent.StepStarted(run, "ship", "task", T0.plusMillis(3300)));
        events.onEvent(new WorkflowEvent.StepFailed(run, "ship", "task", new OrchestrationException("disk full"), T0.plusMillis(3800)));

        RunSteps steps = RunSteps.of(events.snapshot());
        JsonNode draft = steps.steps().get(0);
        assertThat(draft.path("path").asText()).isEqualTo("draft");
        assertThat(draft.path("status").asText()).isEqualTo("succeeded");
        assertThat(draft.path("started_at").asText()).isEqualTo(T0.toString());
        assertThat(draft.path("ended_at").asText()).isEqualTo(T0.plusMillis(1000).toString());
        assertThat(draft.path("duration_ms").asLong()).isEqualTo(1000);
        assertThat(draft.path("llm_calls").asInt()).isEqualTo(2);
        assertThat(draft.path("retries").asInt()).isEqualTo(1);
        assertThat(draft.path("total_tokens").asLong()).isEqualTo(180);
        assertThat(new BigDecimal(draft.path("cost_usd").asText())).as("reported, else estimated").isEqualByComparingTo("0.012");
        assertThat(draft.path("sla_breached").asBoolean()).isFalse();

        JsonNode approve = steps.steps().get(1);
        assertThat(approve.path("status").asText()).isEqualTo("waiting");
        assertThat(approve.path("sla_breached").asBoolean()).isTrue();
        assertThat(approve.path("sla_ms").asLong()).isEqualTo(1000);
        assertThat(approve.path("sla_elapsed_ms").asLong()).isEqualTo(2000);
        assertThat(approve.path("cost_usd").isNull()).as("no call, no cost").isTrue();

        JsonNode ship = steps.steps().get(2);
        assertThat(ship.path("status").asText()).isEqualTo("failed");
        assertThat(ship.path("duration_ms").asLong()).isEqualTo(500);
        assertThat(ship.path("error").asText()).isEqualTo("disk full");
        assertThat(steps.steps()).hasSize(3);

        JsonNode gate = steps.gateHistory().get(0);
        assertThat(gate.path("path").asText()).isEqualTo("review");
        assertThat(gate.path("score").asInt()).isEqualTo(60);
        assertThat(gate.path("threshold").asInt()).isEqualTo(80);
        assertThat(gate.path("passed").asBoolean()).isFalse();
        assertThat(gate.path("feedback").asText()).isNotEmpty();
        assertThat(RunSteps.lastProgress(events.snapshot())).isEqualTo(-1);
    }

    @Test
    void aStoredRunsStep_withoutItsStart_startsAtItsEndMinusItsDuration() {
        RunEvents events = new RunEvents();
        events.onEvent(new WorkflowEvent.StepCompleted("r", "a", "agent", Duration.ofMillis(250), T0.plusMillis(1000)));
        events.onEvent(new WorkflowEvent.Progress("r", 40, T0.plusMillis(1000)));
        JsonNode a = RunSteps.of(events.snapshot()).steps().get(0);
        assertThat(a.path("started_at").asText()).isEqualTo(T0.plusMillis(750).toString());
        assertThat(a.path("executions").asInt()).isEqualTo(1);
        assertThat(RunSteps.lastProgress(events.snapshot())).isEqualTo(40);
    }
}
