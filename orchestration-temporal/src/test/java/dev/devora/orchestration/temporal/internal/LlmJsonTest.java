package dev.devora.orchestration.temporal.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ReasoningOptions;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.llm.Usage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What crosses Temporal's history as a model call comes back equal, nulls staying null. */
class LlmJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFullRequest_roundTrips() throws Exception {
        LlmRequest request = LlmRequest.builder().message(LlmMessage.system("be brief")).message(LlmMessage.user("hi"))
                .model("openai/gpt-5-mini").fallbackModels(List.of("anthropic/claude")).temperature(0.2).maxTokens(300)
                .stop(List.of("END")).seed(7L).responseFormat(ResponseFormat.jsonSchema("answer",
                        JSON.readTree("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}"), true))
                .tools(List.of(new ToolDefinition("read_file", "reads a file", JSON.readTree("{\"type\": \"object\"}"))))
                .toolChoice("auto").reasoning(new ReasoningOptions("high", null, false)).user("u-1")
                .timeout(Duration.ofSeconds(90)).attribute(LlmRequest.STEP_PATH, "design").build();
        assertThat(LlmJson.request(LlmJson.write(request))).isEqualTo(request);
    }

    @Test
    void aResponse_roundTrips_withItsJsonNullWhenThereIsNone() throws Exception {
        LlmResponse text = LlmResponse.builder().text("plain").finishReason(FinishReason.STOP).nativeFinishReason("stop")
                .usage(new Usage(10, 5, 0, 0, new BigDecimal("0.0001"))).model("m").latency(Duration.ofMillis(1234))
                .requestId("r-1").build();
        LlmResponse back = LlmJson.response(LlmJson.write(text));
        assertThat(back).isEqualTo(text);
        assertThat(back.json()).as("no NullNode").isNull();

        LlmResponse tools = LlmResponse.builder().text("").json(JSON.readTree("{\"a\": 1}"))
                .toolCalls(List.of(new ToolCall("c1", "read_file", "{\"path\": \"README.md\"}")))
                .finishReason(FinishReason.TOOL_CALLS).reasoningDetails(JSON.readTree("[{\"type\": \"summary\"}]"))
                .usage(Usage.of(3, 4)).build();
        assertThat(LlmJson.response(LlmJson.write(tools))).isEqualTo(tools);
    }
}
