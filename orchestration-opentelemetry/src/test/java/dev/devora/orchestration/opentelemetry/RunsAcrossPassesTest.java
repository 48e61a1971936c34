package dev.devora.orchestration.opentelemetry;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.approval.Approvals;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that waits and is resumed is two passes, the second linked to the first; a run started asynchronously on
 * an executor that carries the context is a child of the caller's span.
 */
class RunsAcrossPassesTest {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    static Workflow reviewed(LlmProvider p) {
        return Workflow.builder("reviewed")
                .step(Steps.agent("draft", Approvals.person("editor").reviewing(LlmAgent.builder("writer")
                        .role("a writer").provider(p).build())).prompt("Draft a note"))
                .step(Steps.agent("polish", LlmAgent.builder("polisher").role("a polisher").provider(p).build())
                        .prompt("Polish {{draft}}"))
                .build();
    }

    @Test
    void aResumedRun_isASecondPass_linkedToTheFirst() {
        DevoraTelemetry telemetry = DevoraTelemetry.create(otel.getOpenTelemetry());
        LlmProvider traced = telemetry.provider(ScriptedLlmProvider.answeringDefaults());
        try (WorkflowEngine engine = WorkflowEngine.builder().listener(telemetry.listener()).build()) {
            Workflow workflow = reviewed(traced);
            WorkflowResult waiting = engine.run(workflow, Map.of());
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
            String requestId = engine.pending(waiting.runId()).get(0).requestId();
            engine.recordDecision(waiting.runId(), requestId, Decision.approve());
            assertThat(engine.resume(workflow, waiting.runId()).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        List<SpanData> passes = otel.getSpans().stream().filter(s -> s.getName().equals("invoke_workflow reviewed"))
                .toList();
        assertThat(passes).hasSize(2);
        SpanData first = passes.stream().filter(p -> "WAITING".equals(p.getAttributes()
                .get(AttributeKey.stringKey("devora.run.status")))).findFirst().orElseThrow();
        SpanData second = passes.stream().filter(p -> p != first).findFirst().orElseThrow();
        assertThat(second.getAttributes().get(AttributeKey.stringKey("devora.run.status"))).isEqualTo("SUCCEEDED");
        assertThat(second.getLinks()).singleElement()
                .satisfies(l -> assertThat(l.getSpanContext()).isEqualTo(first.getSpanContext()));
        assertThat(first.getEvents()).as("the wait shows on the run's pass").isEmpty();
        assertThat(otel.getSpans()).filteredOn(s -> s.getName().equals("invoke_agent draft")
                && s.getParentSpanId().equals(first.getSpanId())).singleElement()
                .satisfies(d -> assertThat(d.getEvents()).anySatisfy(e -> assertThat(e.getName())
                        .isEqualTo("devora.wait.started")));
    }

    @Test
    void aRunStartedOnAContextCarryingExecutor_isAChildOfTheCallersSpan() throws Exception {
        DevoraTelemetry telemetry = DevoraTelemetry.create(otel.getOpenTelemetry());
        LlmProvider traced = telemetry.provider(ScriptedLlmProvider.answeringDefaults());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Span caller = otel.getOpenTelemetry().getTracer("test").spanBuilder("caller").startSpan();
        try (WorkflowEngine engine = WorkflowEngine.builder().executor(Context.taskWrapping(pool))
                .listener(telemetry.listener()).build()) {
            WorkflowRun run;
            try (Scope ignored = caller.makeCurrent()) {
                run = engine.start(Workflow.builder("async").step(Steps.agent("a", LlmAgent.builder("writer")
                        .role("a writer").provider(traced).build()).prompt("Write")).build(), Map.of(), e -> { });
            }
            assertThat(run.result().get(30, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
        } finally {
            caller.end();
            pool.shutdown();
        }
        SpanData runSpan = otel.getSpans().stream().filter(s -> s.getName().equals("invoke_workflow async"))
                .findFirst().orElseThrow();
        assertThat(runSpan.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
        assertThat(runSpan.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
    }
}
