package dev.devora.orchestration.openrouter;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.ToolCall;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class StreamTest extends WireMockTestBase {
    static final String HEAD = "\"id\":\"gen-1768896871-9HgA\",\"provider\":\"OpenInference\",\"model\":\"openai/gpt-oss-120b\",\"object\":\"chat.completion.chunk\",\"created\":1768896871";
    static final String FIRST = "data: {" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":null,\"reasoning_details\":[]},\"finish_reason\":null,\"native_finish_reason\":null,\"logprobs\":null}]}";
    static final String TEXT = "data: {" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"There are 47 files.\"},\"finish_reason\":null,\"native_finish_reason\":null,\"logprobs\":null}]}";
    static final String STOP = "data: {" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"stop\",\"native_finish_reason\":\"stop\",\"logprobs\":null}]}";
    static final String USAGE_EMPTY_CHOICES = "data: {" + HEAD + ",\"choices\":[],\"usage\":{\"prompt_tokens\":7007,\"completion_tokens\":49,\"total_tokens\":7056,\"cost\":0.00071,\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":12}}}";
    static final String USAGE_EMPTY_DELTA = "data: {" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null,\"native_finish_reason\":null,\"logprobs\":null}],\"usage\":{\"prompt_tokens\":7007,\"completion_tokens\":49,\"total_tokens\":7056,\"cost\":0.00071}}";
    static final String DONE = "data: [DONE]";

    final List<String> tokens = new CopyOnWriteArrayList<>();

    void stubStream(String body) {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withHeader("X-Generation-Id", "gen-header")
                .withBody(body)));
    }

    LlmResponse stream(OpenRouterProvider provider) {
        return provider.stream(simpleRequest(), tokens::add);
    }

    @Test
    void keepAliveComments_areSkipped_andUsageIsTakenFromTheChunkWithEmptyChoices() {
        stubStream(": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\n" + sse(FIRST, TEXT, STOP, USAGE_EMPTY_CHOICES, DONE));

        LlmResponse r = stream(provider());

        assertThat(tokens).containsExactly("There are 47 files.");
        assertThat(r.text()).isEqualTo("There are 47 files.");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.nativeFinishReason()).isEqualTo("stop");
        assertThat(r.usage().promptTokens()).isEqualTo(7007);
        assertThat(r.usage().reasoningTokens()).isEqualTo(12);
        assertThat(r.usage().costUsd()).isEqualByComparingTo(new BigDecimal("0.00071"));
        assertThat(r.model()).isEqualTo("openai/gpt-oss-120b");
        assertThat(r.upstreamProvider()).isEqualTo("OpenInference");
        assertThat(r.requestId()).isEqualTo("gen-1768896871-9HgA");
        server.verify(postRequestedFor(urlEqualTo(CHAT)).withHeader("Accept", equalTo("text/event-stream")));
        assertThat(sentBody(0).get("stream").asBoolean()).isTrue();
    }

    @Test
    void usageChunkWithAnEmptyDeltaChoice_doesNotOverwriteTheFinishReasonWithNull() {
        stubStream(sse(FIRST, TEXT, STOP, USAGE_EMPTY_DELTA, DONE));

        LlmResponse r = stream(provider());

        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage().completionTokens()).isEqualTo(49);
    }

    @Test
    void crLfLineEndings_areAccepted() {
        stubStream((": OPENROUTER PROCESSING\n\n" + sse(FIRST, TEXT, STOP, USAGE_EMPTY_CHOICES, DONE)).replace("\n", "\r\n"));

        assertThat(stream(provider()).text()).isEqualTo("There are 47 files.");
    }

    @Test
    void toolCallFragments_areAssembledByIndex() {
        stubStream(sse(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"toolu_01\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"toolu_02\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{\\\"tz\\\":\"}}]},\"finish_reason\":null}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Rome\\\"}\"}},{\"index\":1,\"function\":{\"arguments\":\"\\\"CET\\\"}\"}}]},\"finish_reason\":null}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\",\"native_finish_reason\":\"tool_use\"}]}",
                DONE));

        LlmResponse r = stream(provider());

        assertThat(tokens).isEmpty();
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.nativeFinishReason()).isEqualTo("tool_use");
        assertThat(r.toolCalls()).containsExactly(
                new ToolCall("toolu_01", "get_weather", "{\"city\":\"Rome\"}"),
                new ToolCall("toolu_02", "get_time", "{\"tz\":\"CET\"}"));
        assertThat(r.requestId()).isEqualTo("gen-header");
    }

    @Test
    void reasoningDeltas_andDebugChunk_areHandled() {
        stubStream(sse(
                "data: {\"id\":\"gen-d\",\"choices\":[],\"debug\":{\"echo_upstream_body\":{\"model\":\"x\"}}}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"Think\",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"Think\",\"index\":0}]}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"ing.\"}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Done\"},\"finish_reason\":\"stop\"}]}",
                DONE));

        LlmResponse r = stream(provider());

        assertThat(r.reasoning()).isEqualTo("Thinking.");
        assertThat(r.reasoningDetails()).hasSize(1);
        assertThat(r.text()).isEqualTo("Done");
        assertThat(r.requestId()).isEqualTo("gen-d");
    }

    @Test
    void midStreamError_withNumericCode_keepsPartialText_andIsNotRetried() {
        stubStream(sse(TEXT,
                "data: {\"id\":\"gen-abc123\",\"object\":\"chat.completion.chunk\",\"created\":1234567890,\"model\":\"openai/gpt-4o\",\"provider\":\"OpenAI\",\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\",\"metadata\":{\"error_type\":\"rate_limit_exceeded\",\"provider_code\":\"rate_limited\"}},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}"));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> stream(provider()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.RATE_LIMITED);
        assertThat(e.httpStatus()).hasValue(429);
        assertThat(e.partialText()).hasValue("There are 47 files.");
        assertThat(e.upstreamProvider()).hasValue("OpenAI");
        assertThat(e.rawDetail()).hasValue("error_type=rate_limit_exceeded, provider_code=rate_limited");
        assertThat(chatRequests()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void midStreamError_withStringCode_followedByDone_isServerError() {
        stubStream(sse(TEXT,
                "data: {\"error\":{\"code\":\"server_error\",\"message\":\"Internal error\"},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}",
                DONE));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> stream(provider()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.SERVER_ERROR);
        assertThat(e.providerMessage()).isEqualTo("Internal error");
        assertThat(e.partialText()).hasValue("There are 47 files.");
    }

    @Test
    void midStreamError_withoutCode_usesErrorTypeAndHttpStatus() {
        stubStream(sse("data: {\"error\":{\"message\":\"All providers are at capacity.\",\"error_type\":\"rate_limit_exceeded\",\"http_status\":429,\"availability\":{\"retryable\":true,\"retry_after\":2}}}"));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().retry(RetrySettings.NONE).build().stream(simpleRequest(), tokens::add));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.RATE_LIMITED);
        assertThat(e.httpStatus()).hasValue(429);
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(2));
    }

    @Test
    void streamEndingWithoutDoneOrFinishReason_isNetworkError_withPartialText() {
        stubStream(sse(FIRST, TEXT));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> stream(provider()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.NETWORK);
        assertThat(e.partialText()).hasValue("There are 47 files.");
        assertThat(e.getMessage()).contains("without [DONE]");
        assertThat(chatRequests()).hasSize(1); // a token was delivered: never retried
    }

    @Test
    void streamEndingWithoutDone_afterAFinishReason_isAccepted() {
        stubStream(sse(TEXT, STOP, USAGE_EMPTY_CHOICES));

        assertThat(stream(provider()).usage().totalTokens()).isEqualTo(7056);
    }

    @Test
    void malformedChunk_isMalformedResponse_withPartialText() {
        stubStream(sse(TEXT, "data: {\"choices\":[{\"delta\":{\"content\":\"x\""));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> stream(provider()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.MALFORMED_RESPONSE);
        assertThat(e.partialText()).hasValue("There are 47 files.");
    }

    @Test
    void abruptReset_beforeAnyToken_isRetried_thenSucceeds() {
        server.stubFor(post(CHAT).inScenario("reset").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        server.stubFor(post(CHAT).inScenario("reset").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(TEXT, STOP, DONE))));

        LlmResponse r = stream(provider());

        assertThat(r.text()).isEqualTo("There are 47 files.");
        assertThat(tokens).containsExactly("There are 47 files.");
        assertThat(chatRequests()).hasSize(2);
    }

    @Test
    void errorStatusBeforeTheFirstToken_isAJsonError_andIsRetried() {
        server.stubFor(post(CHAT).inScenario("503").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":503,\"message\":\"Service temporarily unavailable\"}}")).willSetStateTo("ok"));
        server.stubFor(post(CHAT).inScenario("503").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(TEXT, STOP, DONE))));

        assertThat(stream(provider()).text()).isEqualTo("There are 47 files.");
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void serverThatIgnoresStream_andAnswersJson_stillDeliversTheText() {
        server.stubFor(post(CHAT).willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(Bodies.REGULAR)));

        LlmResponse r = stream(provider());

        assertThat(tokens).containsExactly("Paris.");
        assertThat(r.usage().costUsd()).isNotNull();
    }

    @Test
    void multiByteCharacters_areNeverSplitAcrossTokens_evenWithSurrogatesSplitAcrossChunks() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(sse(
                        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\u00e9 \\ud83d\"}}]}",
                        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\ude00 \u65e5\u672c\"}}]}",
                        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\"}]}",
                        DONE)).withChunkedDribbleDelay(40, 200)));

        LlmResponse r = stream(provider());

        assertThat(tokens).containsExactly("café ", "\ud83d\ude00 日本");
        assertThat(r.text()).isEqualTo("café 😀 日本");
    }

    @Test
    void slowDrip_beyondTheRequestTimeout_isTimeout_andTheClientDisconnects() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t").append(i).append(" \"}}]}\n\n");
        }
        body.append(DONE).append("\n\n");
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(body.toString()).withChunkedDribbleDelay(40, 4000)));
        long start = System.nanoTime();

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().requestTimeout(Duration.ofMillis(700)).build().stream(simpleRequest(), tokens::add));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(tokens).isNotEmpty();
        assertThat(e.partialText()).isPresent();
        assertThat(chatRequests()).hasSize(1);
    }

    @Test
    void interruptingTheCallingThread_midStream_abortsTheExchange_andKeepsTheInterruptFlag() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t").append(i).append(" \"}}]}\n\n");
        }
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(body.toString()).withChunkedDribbleDelay(40, 4000)));
        OpenRouterProvider provider = provider();
        InterruptibleCaller caller = InterruptibleCaller.start(() -> provider.stream(simpleRequest(), tokens::add));
        while (tokens.isEmpty()) Thread.sleep(10);
        long start = System.nanoTime();
        caller.interruptAndJoin(3000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(caller.thrown()).isInstanceOf(InterruptedCallException.class);
        assertThat(caller.interruptFlagKept()).isTrue();
    }
}
