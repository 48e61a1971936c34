package dev.devora.orchestration.opentelemetry;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.Tools;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An agent's tool calls are {@code execute_tool} spans under its step, a failed one marked as an error. */
class ToolSpansTest {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    record Add(int a, int b) {
    }

    @Test
    void toolCalls_areExecuteToolSpans_underTheirStep() {
        DevoraTelemetry telemetry = DevoraTelemetry.create(otel.getOpenTelemetry());
        Tool add = Tools.of("add", "Adds two numbers", Add.class, args -> args.a() + args.b());
        LlmProvider model = telemetry.provider(ScriptedLlmProvider.builder().name("scripted")
                .toolCalls(r -> ScriptedLlmProvider.toolResults(r).isEmpty()
                        ? List.of(new ToolCall("c1", "add", "{\"a\":2,\"b\":3}"), new ToolCall("c2", "nope", "{}"))
                        : List.of())
                .otherwise(r -> "sums: " + ScriptedLlmProvider.toolResults(r).stream().map(LlmMessage::content).toList())
                .build());
        Workflow workflow = Workflow.builder("tools").step(Steps.agent("sum", LlmAgent.builder("adder")
                .role("an adder").provider(model).tool(add).build()).prompt("Add 2 and 3")).build();
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.builder().listener(telemetry.listener()).build()) {
            result = engine.run(workflow, Map.of());
        }
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        List<SpanData> spans = otel.getSpans();
        SpanData step = spans.stream().filter(s -> s.getName().equals("invoke_agent sum")).findFirst().orElseThrow();
        SpanData ok = spans.stream().filter(s -> s.getName().equals("execute_tool add")).findFirst().orElseThrow();
        SpanData unknown = spans.stream().filter(s -> s.getName().equals("execute_tool nope")).findFirst().orElseThrow();
        assertThat(List.of(ok, unknown)).allSatisfy(s -> {
            assertThat(s.getParentSpanId()).isEqualTo(step.getSpanId());
            assertThat(s.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("execute_tool");
        });
        assertThat(ok.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("add");
        assertThat(ok.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isEqualTo("c1");
        assertThat(ok.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(unknown.getStatus().getStatusCode()).as("the model was told of an unknown tool")
                .isEqualTo(StatusCode.ERROR);
        assertThat(spans).filteredOn(s -> s.getName().startsWith("chat")).hasSize(2)
                .allSatisfy(c -> assertThat(c.getParentSpanId()).isEqualTo(step.getSpanId()));
    }
}
