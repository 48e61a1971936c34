package dev.devora.orchestration.engine;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class AccountingAndEventsTest {

    /** Reports fixed usage, a fallback model as the one that answered, and an unknown cost for one agent. */
    private static final LlmProvider FIXED = new LlmProvider() {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            boolean unknownCost = "nocost".equals(request.attribute(LlmRequest.AGENT));
            return LlmResponse.builder().text("ok")
                    .usage(new Usage(100, 20, 5, 40, unknownCost ? null : new BigDecimal("0.0012")))
                    .model(request.fallbackModels().isEmpty() ? request.model() : request.fallbackModels().get(0))
                    .latency(Duration.ofMillis(7)).requestId("gen-1").build();
        }
    };

    @Test
    void tokensByKind_cost_andTheAnsweringModel_areAccountedPerCallStepAndRun() {
        LlmAgent a = LlmAgent.builder("a").provider(FIXED).model("primary/model").build();
        LlmAgent b = LlmAgent.builder("nocost").provider(FIXED).model(dev.devora.orchestration.agent.ModelOptions.builder()
                .model("primary/model").fallbackModels(List.of("fallback/model")).build()).build();
        Workflow wf = Workflow.builder("acct")
                .step(Steps.agent("one", a).prompt("1"))
                .step(Steps.parallel("p", Steps.agent("two", a).prompt("2"), Steps.agent("three", b).prompt("3")))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            result = engine.run(wf, null, RunOptions.NONE, events);
        }
        RunMetrics m = result.metrics();
        assertThat(m.usage()).isEqualTo(new Usage(300, 60, 15, 120, new BigDecimal("0.0024")));
        assertThat(m.callsWithoutCost()).isEqualTo(1);
        assertThat(m.llmCalls()).isEqualTo(3);
        assertThat(m.agentsExecuted()).isEqualTo(3);
        assertThat(m.steps().keySet()).containsExactly("one", "p", "p/two", "p/three");
        assertThat(m.steps().get("p/three").usage().costUsd()).isEqualByComparingTo("0");
        assertThat(m.calls()).extracting(LlmCallRecord::model).containsExactly("primary/model", "primary/model", "fallback/model");
        assertThat(m.calls()).extracting(LlmCallRecord::latency).containsOnly(Duration.ofMillis(7));
        assertThat(events.ofType(WorkflowEvent.LlmCallCompleted.class)).extracting(WorkflowEvent.LlmCallCompleted::model)
                .contains("fallback/model");
        assertThat(m.wallTime()).isPositive();
        assertThat(result.toJson().path("calls")).hasSize(3);
        assertThat(result.toJson().path("run_id").asText()).isEqualTo(result.runId());
    }

    @Test
    void streamingAgents_emitTokensInOrder_beforeTheirCallCompletes() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("s").reply("one two three").build();
        LlmAgent streaming = LlmAgent.builder("s").provider(llm).streaming(true).build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            engine.run(Workflow.builder("st").step(Steps.agent("talk", streaming).prompt("go")).build(), null,
                    RunOptions.NONE, events);
        }
        List<String> kinds = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (WorkflowEvent e : events.events()) {
            if (e instanceof WorkflowEvent.TokenStreamed t) {
                kinds.add("token");
                text.append(t.token());
            }
            if (e instanceof WorkflowEvent.LlmCallCompleted) kinds.add("call");
        }
        assertThat(kinds).containsExactly("token", "token", "token", "call");
        assertThat(text.toString()).isEqualTo("one two three");
    }

    @Test
    void progress_isMonotonic_andEndsAt100_evenWithLoopsAndSkippedBranches() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().latency(Duration.ofMillis(2)).build();
        LlmAgent a = LlmAgent.builder("a").provider(llm).build();
        Workflow wf = Workflow.builder("prog")
                .step(Steps.agent("s1", a).prompt("1"))
                .step(Steps.parallel("p", Steps.agent("s2", a).prompt("2"), Steps.agent("s3", a).prompt("3")))
                .step(Steps.loop("l", Steps.agent("s4", a).prompt("4"))
                        .until(dev.devora.orchestration.workflow.Condition.of("third pass", s -> s.loopIteration() == 3))
                        .maxIterations(5))
                .step(Steps.when("c", dev.devora.orchestration.workflow.Condition.of("never", s -> false),
                        Steps.agent("s5", a).prompt("5")))
                .build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowRun run;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            run = engine.start(wf, null, RunOptions.NONE, events);
            run.result().join();
        }
        events.assertWellFormed();
        assertThat(events.progress()).isSorted().last().isEqualTo(100);
        assertThat(events.progress().size()).isGreaterThan(3);
        assertThat(run.progress()).isEqualTo(100);
    }

    @Test
    void oneEngine_servesManyConcurrentRuns_withoutMixingTheirState() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .otherwise(r -> "reply to " + r.lastUserText()).latency(Duration.ofMillis(5)).build();
        LlmAgent a = LlmAgent.builder("a").provider(llm).build();
        Workflow wf = Workflow.builder("conc")
                .input(dev.devora.orchestration.workflow.InputSpec.builder().required("n", "run number").build())
                .step(Steps.agent("first", a).prompt("run {{input.n}}"))
                .step(Steps.parallel("p", Steps.agent("x", a).prompt("x {{first}}"), Steps.agent("y", a).prompt("y {{first}}")))
                .build();
        List<CompletableFuture<WorkflowResult>> futures = new ArrayList<>();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            for (int i = 0; i < 100; i++) {
                futures.add(engine.start(wf, Map.of("n", String.valueOf(i)), e -> { }).result());
            }
            for (int i = 0; i < 100; i++) {
                WorkflowResult r = futures.get(i).join();
                assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(r.text("x")).isEqualTo("reply to x reply to run " + i);
            }
        }
        assertThat(llm.callCount()).isEqualTo(300);
    }
}
