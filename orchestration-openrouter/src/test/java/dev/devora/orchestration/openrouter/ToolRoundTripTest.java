package dev.devora.orchestration.openrouter;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.Tools;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** An agent's tool-calling loop through OpenRouterProvider: the model asks for a tool, gets its result, answers. */
class ToolRoundTripTest extends WireMockTestBase {
    record City(String city) {
    }

    @Test
    void aToolCallRoundTrip_runsTheTool_sendsItsResult_andAccountsBothRounds() {
        server.stubFor(post(urlEqualTo(CHAT)).atPriority(2).willReturn(okJson(Bodies.TOOL_CALLS)));
        server.stubFor(post(urlEqualTo(CHAT)).atPriority(1).withRequestBody(containing("\"role\":\"tool\""))
                .willReturn(okJson(Bodies.REGULAR)));
        Tool weather = Tools.of("get_weather", "Current weather for a city", City.class, c -> "sunny in " + c.city());
        LlmAgent agent = LlmAgent.builder("forecaster").provider(provider()).tool(weather).build();
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            r = engine.run(Workflow.builder("weather").step(Steps.agent("ask", agent).prompt("Weather in Rome?")).build(),
                    Map.of());
        }
        assertThat(r.status()).as(String.valueOf(r.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.outputs().get("ask").text()).isEqualTo("Paris.");
        List<LoggedRequest> sent = chatRequests();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).getBodyAsString()).contains("\"tools\"").contains("get_weather");
        String second = sent.get(1).getBodyAsString();
        assertThat(second).contains("\"tool_call_id\":\"tool_123\"").contains("sunny in Rome")
                .contains("\"tool_calls\"");
        assertThat(r.metrics().llmCalls()).isEqualTo(2);
        assertThat(r.metrics().usage().promptTokens()).as("both rounds accounted").isEqualTo(100 + 29);
        assertThat(r.metrics().calls()).extracting(c -> c.toolCalls())
                .containsExactly(List.of("get_weather"), List.of());
        assertThat(r.metrics().steps().get("ask").toolCalls()).isEqualTo(1);
    }

    /** A first round streamed as tool-call fragments (two calls, arguments split across chunks), a second streamed as text. */
    private static final String STREAMED_TOOL_CALLS = sse(
            "data: {\"id\":\"gen-1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Checking \"},\"finish_reason\":null}]}",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Ro\"}}]},\"finish_reason\":null}]}",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"me\\\"}\"}},{\"index\":1,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]},\"finish_reason\":null}]}",
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":12,\"total_tokens\":52}}",
            "data: [DONE]");

    private static final String STREAMED_ANSWER = sse(
            "data: {\"id\":\"gen-2\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Sunny in \"},\"finish_reason\":null}]}",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"both.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":90,\"completion_tokens\":4,\"total_tokens\":94}}",
            "data: [DONE]");

    @Test
    void streamedToolCallFragments_areAssembledAndRun_tokensFlowAcrossRounds_andBothRoundsAreAccounted() {
        server.stubFor(post(urlEqualTo(CHAT)).atPriority(2).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(STREAMED_TOOL_CALLS)));
        server.stubFor(post(urlEqualTo(CHAT)).atPriority(1).withRequestBody(containing("\"role\":\"tool\""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(STREAMED_ANSWER)));
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        Tool weather = Tools.of("get_weather", "Current weather for a city", City.class, c -> {
            asked.add(c.city());
            return "sunny in " + c.city();
        });
        LlmAgent agent = LlmAgent.builder("forecaster").provider(provider()).tool(weather).streaming(true).build();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult r;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            r = engine.run(Workflow.builder("weather").step(Steps.agent("ask", agent).prompt("Rome and Oslo?")).build(),
                    JsonNodeFactory.instance.objectNode(), RunOptions.NONE, events);
        }
        assertThat(r.status()).as(String.valueOf(r.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.outputs().get("ask").text()).isEqualTo("Sunny in both.");
        assertThat(asked).containsExactlyInAnyOrder("Rome", "Oslo");
        String second = chatRequests().get(1).getBodyAsString();
        assertThat(second).contains("\"tool_call_id\":\"call_a\"").contains("sunny in Rome")
                .contains("\"tool_call_id\":\"call_b\"").contains("sunny in Oslo");
        assertThat(second.indexOf("sunny in Rome")).as("results in call order").isLessThan(second.indexOf("sunny in Oslo"));
        assertThat(sentBody(0).path("stream").asBoolean()).isTrue();
        assertThat(sentBody(1).path("stream").asBoolean()).isTrue();
        assertThat(events.ofType(WorkflowEvent.TokenStreamed.class)).extracting(WorkflowEvent.TokenStreamed::token)
                .containsExactly("Checking ", "Sunny in ", "both.");
        assertThat(events.ofType(WorkflowEvent.ToolCallCompleted.class)).hasSize(2);
        assertThat(r.metrics().usage().promptTokens()).as("both rounds accounted").isEqualTo(40 + 90);
        assertThat(r.metrics().usage().completionTokens()).isEqualTo(12 + 4);
        assertThat(r.metrics().calls()).extracting(c -> c.toolCalls())
                .containsExactly(List.of("get_weather", "get_weather"), List.of());
    }
}
