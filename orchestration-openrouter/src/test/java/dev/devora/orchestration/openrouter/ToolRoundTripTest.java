package dev.devora.orchestration.openrouter;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.Tools;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

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
    }
}
