package dev.devora.orchestration.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ReasoningOptions;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.Role;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.openrouter.internal.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/** Every request body the provider sends validates against the official spec's {@code ChatRequest}. */
class OpenApiConformanceTest extends WireMockTestBase {

    static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static LlmRequest fullRequest() {
        return LlmRequest.builder()
                .model("openai/gpt-4o")
                .fallbackModels(List.of("anthropic/claude-haiku-4.5"))
                .message(LlmMessage.system("You are terse."))
                .message(LlmMessage.user("Weather in Rome?"))
                .message(new LlmMessage(Role.ASSISTANT, "", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Rome\"}")),
                        null, json("[{\"type\":\"reasoning.text\",\"text\":\"hm\",\"id\":\"r\",\"format\":\"anthropic-claude-v1\",\"index\":0}]")))
                .message(LlmMessage.tool("call_1", "{\"temp\":21}"))
                .message(LlmMessage.assistant("It is 21 °C."))
                .message(LlmMessage.user("Answer as JSON."))
                .temperature(0.2).maxTokens(512).stop(List.of("END")).seed(7L)
                .responseFormat(ResponseFormat.jsonSchema("answer",
                        json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]}"), true))
                .tools(List.of(new ToolDefinition("get_weather", "Current weather",
                        json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))))
                .toolChoice("auto")
                .reasoning(ReasoningOptions.effort("high"))
                .user("tenant-42")
                .attribute(LlmRequest.RUN_ID, "run-42") // sent as session_id when sessionPerRun is on
                .build();
    }

    static ProviderRouting fullRouting() {
        return ProviderRouting.builder().order(List.of("openai")).only(List.of("openai", "azure"))
                .ignore(List.of("deepinfra")).sort("throughput").sortPartition(ProviderRouting.SortPartition.NONE)
                .allowFallbacks(true).requireParameters(true)
                .dataCollection(ProviderRouting.DataCollection.ALLOW).zdr(false).quantizations(List.of("fp8", "bf16"))
                .maxPrice(new ProviderRouting.MaxPrice(new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("0.01"),
                        new BigDecimal("0.5")))
                .preferredMinThroughput(50.0).preferredMaxLatency(2.5)
                .build();
    }

    @Test
    void minimalRequest_isValid() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));

        provider().complete(simpleRequest());

        assertThat(OpenApiSpec.validate("ChatRequest", sentBody(0))).isEmpty();
    }

    @Test
    void requestWithEveryField_andRouting_isValid_bothPlainAndStreaming() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));
        OpenRouterProvider provider = providerBuilder().routing(fullRouting()).sessionPerRun(true).build();

        provider.complete(fullRequest());
        provider.stream(fullRequest(), t -> { });

        assertThat(OpenApiSpec.validate("ChatRequest", sentBody(0))).isEmpty();
        assertThat(OpenApiSpec.validate("ChatRequest", sentBody(1))).isEmpty();
        assertThat(sentBody(0).path("session_id").asText()).isEqualTo("run-42");
        assertThat(sentBody(0).path("provider").path("sort").toString()).isEqualTo("{\"by\":\"throughput\",\"partition\":\"none\"}");
    }

    @Test
    void otherVariants_namedToolChoice_jsonObject_reasoningBudget_areValid() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));
        OpenRouterProvider provider = provider();

        provider.complete(fullRequest().toBuilder().toolChoice("get_weather").responseFormat(ResponseFormat.JSON_OBJECT)
                .reasoning(new ReasoningOptions(null, 2048, true)).build());
        provider.complete(simpleRequest().toBuilder().responseFormat(ResponseFormat.TEXT).toolChoice("none").build());

        assertThat(OpenApiSpec.validate("ChatRequest", sentBody(0))).isEmpty();
        assertThat(OpenApiSpec.validate("ChatRequest", sentBody(1))).isEmpty();
    }

    @Test
    void theValidatorRejectsWhatTheSpecForbids() {
        String ok = "{\"role\":\"user\",\"content\":\"hi\"}";

        assertThat(OpenApiSpec.validate("ChatRequest", json("{\"messages\":[]}"))).isNotEmpty();
        assertThat(OpenApiSpec.validate("ChatRequest", json("{\"messages\":[" + ok + "],\"provider\":{\"unknown_key\":true}}")))
                .isNotEmpty();
        assertThat(OpenApiSpec.validate("ChatRequest", json("{\"messages\":[" + ok + "],\"provider\":{\"max_price\":{\"prompt\":1}}}")))
                .isNotEmpty();
        assertThat(OpenApiSpec.validate("ChatRequest", json("{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}")))
                .as("a tool message needs tool_call_id").isNotEmpty();
        assertThat(OpenApiSpec.validate("ChatRequest", json("{\"messages\":[" + ok + "],\"response_format\":{\"type\":\"json_schema\"}}")))
                .as("json_schema needs its schema").isNotEmpty();
    }
}
