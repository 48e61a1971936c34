package dev.devora.orchestration.examples;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.opentelemetry.DevoraTelemetry;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.PrintStream;
import java.util.Map;

/**
 * A run traced with OpenTelemetry: the engine's listener and a traced provider from {@link DevoraTelemetry}, on an
 * SDK whose logging exporter prints every span as it ends (to standard error, through {@code java.util.logging}):
 * the run's {@code invoke_workflow} span, a span per step (the two parallel reviews are siblings under their parallel
 * step), and a {@code chat} span per model call with its model, tokens and cost. In an application, give
 * {@code DevoraTelemetry} your own {@code OpenTelemetry} (an OTLP exporter to your collector).
 *
 * <p>Run: {@code java -cp examples/target/devora-run.jar dev.devora.orchestration.examples.OpenTelemetryExample}
 */
public final class OpenTelemetryExample {
    private OpenTelemetryExample() {
    }

    public static void main(String[] args) {
        run(ExampleLlm.fromEnvironment(), System.out, LoggingSpanExporter.create());
    }

    static WorkflowResult run(LlmProvider llm, PrintStream out, SpanExporter exporter) {
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build()) {
            DevoraTelemetry telemetry = DevoraTelemetry.create(sdk);
            LlmProvider traced = telemetry.provider(llm);           // each model call: a chat span
            LlmAgent security = LlmAgent.builder("security-reviewer").role("security reviewer").provider(traced)
                    .model(ExampleLlm.MODEL).build();
            LlmAgent performance = LlmAgent.builder("performance-reviewer").role("performance reviewer")
                    .provider(traced).model(ExampleLlm.MODEL).build();
            LlmAgent editor = LlmAgent.builder("editor").role("editor").provider(traced).model(ExampleLlm.MODEL).build();
            Workflow review = Workflow.builder("traced-review")
                    .step(Steps.parallel("reviews",
                            Steps.agent("security", security).prompt("Review the security of a URL shortener."),
                            Steps.agent("performance", performance).prompt("Review the performance of a URL shortener.")))
                    .step(Steps.agent("summary", editor).prompt("Merge:\n{{security}}\n{{performance}}"))
                    .build();
            try (WorkflowEngine engine = WorkflowEngine.builder().listener(telemetry.listener()).build()) {
                WorkflowResult result = engine.run(review, Map.of());   // each run and step: a span
                out.println("Run " + result.runId() + " " + result.status() + ": " + result.metrics().llmCalls()
                        + " model calls, " + result.metrics().usage().totalTokens() + " tokens; its spans were exported");
                return result;
            }
        }
    }
}
