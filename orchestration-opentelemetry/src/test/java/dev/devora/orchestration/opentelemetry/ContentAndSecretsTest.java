package dev.devora.orchestration.opentelemetry;

import com.sun.net.httpserver.HttpServer;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.openrouter.RetrySettings;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prompts and answers are on the spans only when asked, cut at the limit; the API key is in no span, attribute,
 * event or status, on a successful call as on one the server refuses while echoing the key; the OpenRouter
 * provider's HTTP requests carry their chat span's trace context when asked to.
 */
class ContentAndSecretsTest {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    static final String KEY = "sk-or-v1-SENTINEL-telemetry-0123456789abcdef";

    static Workflow oneCall(LlmProvider p) {
        return Workflow.builder("one-call")
                .step(Steps.agent("answer", LlmAgent.builder("answerer").role("an answerer").provider(p).build())
                        .prompt("What is the capital of France? Answer with a long explanation of {{input.topic}}."))
                .build();
    }

    @Test
    void contentRecorded_onlyWhenAsked_andCutAtTheLimit() {
        DevoraTelemetry telemetry = DevoraTelemetry.builder(otel.getOpenTelemetry()).recordContent(20).build();
        LlmProvider traced = telemetry.provider(ScriptedLlmProvider.builder().name("scripted")
                .otherwise(r -> "Paris, which has been the capital for a very long time.").build());
        try (WorkflowEngine engine = WorkflowEngine.builder().listener(telemetry.listener()).build()) {
            engine.run(oneCall(traced), Map.of("topic", "geography"));
        }
        SpanData chat = otel.getSpans().stream().filter(s -> s.getName().startsWith("chat")).findFirst().orElseThrow();
        String input = chat.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"));
        String output = chat.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"));
        assertThat(input).contains("\"role\":\"user\"").contains("What is the capital …")
                .doesNotContain("long explanation");
        assertThat(output).contains("\"role\":\"assistant\"").contains("Paris, which has bee…");
    }

    @Test
    void theApiKey_isInNoSpan_onAnAnswer_norOnARefusalThatEchoesIt() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String[] next = {"ok"};
        List<String> traceparents = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/api/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            boolean ok = next[0].equals("ok");
            byte[] body = (ok ? """
                    {"id":"gen-1","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion",
                     "choices":[{"finish_reason":"stop","index":0,"message":{"role":"assistant","content":"Paris."}}],
                     "usage":{"prompt_tokens":29,"completion_tokens":3,"total_tokens":32,"cost":0.00002}}
                    """ : "{\"error\":{\"code\":401,\"message\":\"invalid key " + KEY + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            DevoraTelemetry telemetry = DevoraTelemetry.builder(otel.getOpenTelemetry()).recordContent(10_000).build();
            LlmProvider openRouter = telemetry.provider(OpenRouterProvider.builder().apiKey(KEY)
                    .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1")
                    .defaultModel("openai/gpt-4o-mini").retry(RetrySettings.NONE)
                    .requestHeaders(telemetry.traceContextHeaders()).build());
            try (WorkflowEngine engine = WorkflowEngine.builder().listener(telemetry.listener()).build()) {
                WorkflowResult answered = engine.run(oneCall(openRouter), Map.of("topic", "geography"));
                assertThat(answered.status()).isEqualTo(RunStatus.SUCCEEDED);
                next[0] = "refuse";
                WorkflowResult refused = engine.run(oneCall(openRouter), Map.of("topic", "geography"));
                assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
            }
        } finally {
            server.stop(0);
        }
        List<SpanData> spans = otel.getSpans();
        List<SpanData> chats = spans.stream().filter(s -> s.getName().startsWith("chat")).toList();
        assertThat(chats).hasSize(2);
        assertThat(traceparents).as("each HTTP request carries its chat span's context").hasSize(2)
                .allSatisfy(t -> assertThat(chats).anySatisfy(c -> assertThat(t)
                        .startsWith("00-" + c.getTraceId() + "-" + c.getSpanId() + "-")));
        for (SpanData s : spans) {
            assertThat(s.toString()).as(s.getName()).doesNotContain(KEY).doesNotContain("SENTINEL");
            assertThat(s.getStatus().getDescription()).doesNotContain("SENTINEL");
            s.getAttributes().forEach((k, v) -> assertThat(String.valueOf(v)).doesNotContain("SENTINEL"));
            s.getEvents().forEach(e -> assertThat(e.getAttributes().toString()).doesNotContain("SENTINEL"));
        }
        assertThat(otel.getMetrics().toString()).doesNotContain("SENTINEL");
    }
}
