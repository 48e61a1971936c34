package dev.devora.orchestration.examples;

import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.SimulatedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example main runs offline to the end and shows what it is about. */
class ExampleMainsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final SimulatedProvider llm = SimulatedProvider.builder().noLatency().build();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void customWorkflow_runsItsFourPatterns_andRevisesOnceUnderTheJudge() {
        WorkflowResult result = CustomWorkflowExample.run(llm, out);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.outputs()).containsKeys("draft", "security-review", "cost-review", "ops-review", "privacy-review",
                "rewrite");
        assertThat(printed()).contains("flowchart", "gate revise attempt 1: 60/80", "gate revise attempt 2: 92/80");
    }

    @Test
    void qualityGate_combinesRulesACustomGateAndAJudge_andKeepsEveryAttempt() {
        WorkflowResult result = QualityGateExample.run(llm, out);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.gateHistory()).hasSize(2);
        assertThat(printed()).contains("Attempt 1: 60/80 failed", "Attempt 2: 92/80 passed",
                "ok   format: no TODO left", "average sentence length");
    }

    @Test
    void events_showProgressCallsAndStreamedTokens() {
        WorkflowResult result = EventsExample.run(llm, out);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(printed()).contains("[started run ", "[progress ", "[start write (agent)]",
                "# write [simulated]", "[call write: openai/gpt-5-mini, ", "[run SUCCEEDED in ");
    }

    @Test
    void budgets_stopARunThatCrossesItsTokenBudget_keepingItsOutputs() {
        WorkflowResult stopped = BudgetsAndTimeoutsExample.run(llm, out);

        assertThat(stopped.status()).isEqualTo(RunStatus.FAILED);
        assertThat(stopped.failure()).containsInstanceOf(BudgetExceededException.class);
        assertThat(stopped.outputs()).containsKey("personas");
        assertThat(printed()).contains("Generous limits: SUCCEEDED", "Budget of 150 tokens: FAILED");
    }

    @Test
    void fallbacks_reportTheModelThatAnswered() {
        WorkflowResult result = ModelFallbacksExample.run(
                SimulatedProvider.builder().noLatency().unavailable(ModelFallbacksExample.PRIMARY).build(), out);

        assertThat(result.metrics().calls().get(0).model()).isEqualTo("openai/gpt-5-mini");
        assertThat(printed()).contains("summarize: asked anthropic/claude-sonnet-4.5, answered by openai/gpt-5-mini (a fallback)");
    }

    @Test
    void extendingAPredefinedWorkflow_addsAStepAndADeliverable() {
        WorkflowResult result = ExtendPredefinedExample.run(llm, out, dir);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.deliverables().path("security").path("threat_model").asText()).contains("[simulated]");
        assertThat(dir.resolve("security/threat_model.md")).exists();
    }

    @Test
    void aTracedRun_exportsItsRunStepAndChatSpans() {
        java.util.List<io.opentelemetry.sdk.trace.data.SpanData> exported =
                java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        WorkflowResult result = OpenTelemetryExample.run(llm, out, new io.opentelemetry.sdk.trace.export.SpanExporter() {
            @Override
            public io.opentelemetry.sdk.common.CompletableResultCode export(
                    java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
                exported.addAll(spans);
                return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
            }

            @Override
            public io.opentelemetry.sdk.common.CompletableResultCode flush() {
                return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
            }

            @Override
            public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
                return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
            }
        });

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(exported).extracting(io.opentelemetry.sdk.trace.data.SpanData::getName)
                .contains("invoke_workflow traced-review", "step reviews", "invoke_agent reviews/security",
                        "invoke_agent reviews/performance", "invoke_agent summary")
                .filteredOn(name -> name.startsWith("chat")).hasSize(3);
        assertThat(printed()).contains("SUCCEEDED: 3 model calls");
    }

    @Test
    void aPlainJavaAgent_worksBetweenLlmAgents_withoutAModelCall() {
        WorkflowResult result = PlainJavaAgentExample.run(llm, out);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.metrics().llmCalls()).isEqualTo(2);
        assertThat(result.output("check").orElseThrow().json().path("headings").asInt()).isPositive();
    }
}
