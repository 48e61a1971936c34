package dev.devora.orchestration.openrouter;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.llm.ReasoningOptions;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.openrouter.internal.Json;
import dev.devora.orchestration.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CompleteTest extends WireMockTestBase {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    @Test
    void regularAnswer_mapsTextUsageCostModelProviderAndGenerationId() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));

        LlmResponse r = provider().complete(simpleRequest());

        assertThat(r.text()).isEqualTo("Paris.");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.nativeFinishReason()).isEqualTo("stop");
        assertThat(r.model()).isEqualTo("openai/gpt-4o-mini");
        assertThat(r.upstreamProvider()).isEqualTo("OpenAI");
        assertThat(r.requestId()).isEqualTo("gen-1764926476-0N0195qHFzGljvYKVijc");
        assertThat(r.usage().promptTokens()).isEqualTo(29);
        assertThat(r.usage().completionTokens()).isEqualTo(33);
        assertThat(r.usage().cachedTokens()).isEqualTo(3);
        assertThat(r.usage().reasoningTokens()).isEqualTo(7);
        assertThat(r.usage().costUsd()).isEqualByComparingTo(new BigDecimal("0.00002415"));
        assertThat(r.usage().costUsd().toPlainString()).isEqualTo("0.00002415");
        assertThat(r.toolCalls()).isEmpty();
        assertThat(r.latency()).isPositive();
    }

    @Test
    void request_sendsOnlyWhatIsSet_withAuthAndAttributionHeaders() throws Exception {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));

        providerBuilder().appUrl("https://devora.dev").appTitle("Devora tests").build().complete(simpleRequest());

        server.verify(postRequestedFor(urlEqualTo(CHAT))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("HTTP-Referer", equalTo("https://devora.dev"))
                .withHeader("X-OpenRouter-Title", equalTo("Devora tests"))
                .withHeader("X-Title", equalTo("Devora tests")));
        assertThat(sentBody(0)).isEqualTo(Json.parse("""
                {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"What is the capital of France?"}]}
                """));
    }

    @Test
    void requestHeaders_areAskedForEachRequest_andCannotReplaceTheRequestsOwn() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        OpenRouterProvider provider = providerBuilder().requestHeaders(() -> java.util.Map.of(
                "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333" + asked.incrementAndGet() + "-01",
                "Authorization", "Bearer someone-else", "accept", "text/html", "Host", "elsewhere")).build();

        provider.complete(simpleRequest());
        provider.complete(simpleRequest());

        server.verify(postRequestedFor(urlEqualTo(CHAT))
                .withHeader("traceparent", equalTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
                .withHeader("Authorization", equalTo("Bearer " + KEY)).withHeader("Accept", equalTo("application/json")));
        server.verify(postRequestedFor(urlEqualTo(CHAT))
                .withHeader("traceparent", equalTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203332-01")));
        assertThat(server.getAllServeEvents()).allSatisfy(e -> {
            assertThat(e.getRequest().getHeaders().getHeader("Authorization").values()).containsExactly("Bearer " + KEY);
            assertThat(e.getRequest().getHeaders().getHeader("Accept").values()).containsExactly("application/json");
        });
        assertThat(provider.config().toString()).doesNotContain(KEY);
    }

    @Test
    void request_mapsEveryField_exactly() throws Exception {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));
        JsonNode schema = Json.parse("""
                {"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}""");
        JsonNode params = Json.parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
        JsonNode details = Json.parse("[{\"type\":\"reasoning.encrypted\",\"data\":\"abc\",\"id\":\"r1\",\"format\":\"f\",\"index\":0}]");
        LlmRequest request = LlmRequest.builder()
                .model("openai/gpt-4o")
                .fallbackModels(List.of("anthropic/claude-haiku-4.5", "openai/gpt-4o"))
                .message(LlmMessage.system("You are terse."))
                .message(LlmMessage.user("Weather in Rome?"))
                .message(new LlmMessage(dev.devora.orchestration.llm.Role.ASSISTANT, "",
                        List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Rome\"}")), null, details))
                .message(LlmMessage.tool("call_1", "{\"temp\":21}"))
                .temperature(0.2)
                .maxTokens(512)
                .stop(List.of("\n\n", "END"))
                .seed(42L)
                .responseFormat(ResponseFormat.jsonSchema("answer", schema, true))
                .tools(List.of(new ToolDefinition("get_weather", "Current weather", params)))
                .toolChoice("get_weather")
                .reasoning(ReasoningOptions.effort("low"))
                .user("tenant-42")
                .timeout(Duration.ofSeconds(3))
                .attribute(LlmRequest.RUN_ID, "run-1")
                .build();
        ProviderRouting routing = ProviderRouting.builder().order(List.of("openai", "azure")).ignore(List.of("deepinfra"))
                .sort("price").allowFallbacks(false).requireParameters(true)
                .dataCollection(ProviderRouting.DataCollection.DENY).zdr(true).quantizations(List.of("fp8"))
                .maxPrice(new ProviderRouting.MaxPrice(new BigDecimal("1"), new BigDecimal("2.5"), null, null))
                .preferredMinThroughput(100.0).build();

        providerBuilder().routing(routing).build().complete(request);

        assertThat(sentBody(0)).isEqualTo(Json.parse("""
                {"model":"openai/gpt-4o",
                 "models":["anthropic/claude-haiku-4.5"],
                 "messages":[
                   {"role":"system","content":"You are terse."},
                   {"role":"user","content":"Weather in Rome?"},
                   {"role":"assistant","content":null,
                    "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}],
                    "reasoning_details":[{"type":"reasoning.encrypted","data":"abc","id":"r1","format":"f","index":0}]},
                   {"role":"tool","content":"{\\"temp\\":21}","tool_call_id":"call_1"}],
                 "temperature":0.2,"max_tokens":512,"stop":["\\n\\n","END"],"seed":42,
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false},"strict":true}},
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                 "reasoning":{"effort":"low"},
                 "user":"tenant-42",
                 "provider":{"order":["openai","azure"],"ignore":["deepinfra"],"sort":"price","allow_fallbacks":false,
                   "require_parameters":true,"data_collection":"deny","zdr":true,"quantizations":["fp8"],
                   "preferred_min_throughput":100.0,"max_price":{"prompt":"1","completion":"2.5"}}}
                """));
    }

    @Test
    void sessionPerRun_sendsTheRunIdAsSessionId_onlyWhenAskedAndKnown() throws Exception {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));
        LlmRequest inARun = simpleRequest().withAttributes(java.util.Map.of(LlmRequest.RUN_ID, "run-7f3a"));
        OpenRouterProvider grouped = providerBuilder().sessionPerRun(true).build();

        grouped.complete(inARun);
        grouped.stream(inARun, t -> { });
        grouped.complete(simpleRequest());
        provider().complete(inARun);

        assertThat(sentBody(0).path("session_id").asText()).isEqualTo("run-7f3a");
        assertThat(sentBody(1).path("session_id").asText()).isEqualTo("run-7f3a");
        assertThat(sentBody(2).has("session_id")).as("no run id, no session").isFalse();
        assertThat(sentBody(3).has("session_id")).as("off by default").isFalse();
        assertThat(grouped.config().sessionPerRun()).isTrue();
    }

    @Test
    void toolCalls_withEmptyContent_mapCallsAndReasoningDetails() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.TOOL_CALLS)));

        LlmResponse r = provider().complete(simpleRequest());

        assertThat(r.text()).isEmpty();
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.nativeFinishReason()).isEqualTo("STOP");
        assertThat(r.toolCalls()).containsExactly(new ToolCall("tool_123", "get_weather", "{\"city\":\"Rome\"}"));
        assertThat(r.reasoningDetails()).hasSize(1);
        assertThat(r.reasoningDetails().get(0).get("data").asText()).isEqualTo("abc123");
        assertThat(r.model()).isEqualTo("google/gemini-3-flash-preview");
        assertThat(r.usage().costUsd()).isNull();
    }

    @Test
    void toolCall_withoutArguments_andNullFinishReason_isToolCallsWithEmptyObject() {
        server.stubFor(post(CHAT).willReturn(okJson("""
                {"id":"gen-1","model":"m","choices":[{"index":0,"finish_reason":null,
                  "message":{"role":"assistant","content":null,"tool_calls":[{"id":"","type":"function","function":{"name":"list_files"}}]}}],
                 "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""")));

        LlmResponse r = provider().complete(simpleRequest());

        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.toolCalls()).containsExactly(new ToolCall("call_1", "list_files", "{}"));
    }

    @Test
    void lengthWithEmptyContent_keepsReasoning() {
        server.stubFor(post(CHAT).willReturn(okJson("""
                {"id":"gen-2","model":"deepseek/r1","choices":[{"index":0,"finish_reason":"length","native_finish_reason":"max_tokens",
                  "message":{"role":"assistant","content":"","reasoning":"Let me think about this carefully..."}}],
                 "usage":{"prompt_tokens":10,"completion_tokens":100,"total_tokens":110,"completion_tokens_details":{"reasoning_tokens":100}}}""")));

        LlmResponse r = provider().complete(simpleRequest());

        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(r.text()).isEmpty();
        assertThat(r.reasoning()).isEqualTo("Let me think about this carefully...");
        assertThat(r.usage().reasoningTokens()).isEqualTo(100);
    }

    @Test
    void jsonResponseFormat_parsesTheText() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR.replace("\"Paris.\"", "\"{\\\"a\\\":\\\"Paris\\\"}\""))));

        LlmResponse r = provider().complete(simpleRequest().toBuilder().responseFormat(ResponseFormat.JSON_OBJECT).build());

        assertThat(r.json().get("a").asText()).isEqualTo("Paris");
    }

    @Test
    void http200_withTopLevelError_andNoChoices_isTypedErrorWithRawAndProvider() {
        server.stubFor(post(CHAT).willReturn(okJson("""
                {"error":{"code":429,"message":"Provider returned error","metadata":{"provider_name":"Chutes","raw":"model is rate-limited upstream"}}}""")));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().retry(RetrySettings.NONE).build().complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.RATE_LIMITED);
        assertThat(e.httpStatus()).hasValue(429);
        assertThat(e.upstreamProvider()).hasValue("Chutes");
        assertThat(e.rawDetail()).hasValue("model is rate-limited upstream");
        assertThat(e.getMessage()).contains("Provider returned error", "Chutes", "rate-limited upstream");
        assertThat(e.isRetriable()).isTrue();
    }

    @Test
    void http200_withFinishReasonError_keepsPartialContent() {
        server.stubFor(post(CHAT).willReturn(okJson("""
                {"id":"gen-9","object":"chat.completion","model":"openai/gpt-4o","provider":"OpenAI",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"partial output..."},"finish_reason":"error",
                   "error":{"code":502,"message":"Provider disconnected mid-stream","metadata":{"error_type":"provider_unavailable"}}}]}""")));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().retry(RetrySettings.NONE).build().complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.SERVER_ERROR);
        assertThat(e.httpStatus()).hasValue(502);
        assertThat(e.partialText()).hasValue("partial output...");
        assertThat(e.model()).hasValue("openai/gpt-4o");
        assertThat(e.upstreamProvider()).hasValue("OpenAI");
        assertThat(e.requestId()).hasValue("gen-9");
        assertThat(e.rawDetail()).hasValue("error_type=provider_unavailable");
    }

    @Test
    void http200_withABareStringError_isAServerErrorWithThatMessage() {
        server.stubFor(post(CHAT).willReturn(okJson("{\"error\":\"upstream exploded\"}")));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().retry(RetrySettings.NONE).build().complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.SERVER_ERROR);
        assertThat(e.providerMessage()).isEqualTo("upstream exploded");
    }

    @Test
    void emptyChoices_isMalformedResponse_notANullPointer() {
        server.stubFor(post(CHAT).willReturn(okJson("{\"id\":\"gen-3\",\"model\":\"m\",\"choices\":[]}")));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().retry(RetrySettings.NONE).build().complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).contains("no choices");
        assertThat(e.isRetriable()).isTrue();
    }

    @Test
    void leadingNewlinePadding_sentSlowly_isAccepted() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("\n\n\n\n\n\n" + Bodies.REGULAR).withChunkedDribbleDelay(6, 300)));

        assertThat(provider().complete(simpleRequest()).text()).isEqualTo("Paris.");
    }

    @Test
    void truncatedJson_thenClose_isMalformedResponse_withoutJacksonLeaking() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(Bodies.REGULAR.substring(0, 120))));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().retry(RetrySettings.NONE).build().complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.MALFORMED_RESPONSE);
        assertThat(e.getCause()).isNotInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }

    @Test
    void emptyBody_isMalformedResponse() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withBody("")));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().retry(RetrySettings.NONE).build().complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.MALFORMED_RESPONSE);
    }

    @Test
    void faults_becomeRetriableNetworkOrMalformedErrors() {
        for (Fault fault : List.of(Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE, Fault.MALFORMED_RESPONSE_CHUNK,
                Fault.RANDOM_DATA_THEN_CLOSE)) {
            server.resetAll();
            server.stubFor(post(CHAT).willReturn(aResponse().withFault(fault)));

            ProviderException e = catchThrowableOfType(ProviderException.class,
                    () -> providerBuilder().retry(RetrySettings.NONE).build().complete(simpleRequest()));

            assertThat(e).as(fault.name()).isNotNull();
            assertThat(e.kind()).as(fault.name()).isIn(ProviderErrorKind.NETWORK, ProviderErrorKind.MALFORMED_RESPONSE);
            assertThat(e.isRetriable()).as(fault.name()).isTrue();
        }
    }

    @Test
    void injectedHttpClient_isUsed() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

        OpenRouterProvider provider = providerBuilder().httpClient(http).build();

        assertThat(provider.complete(simpleRequest()).text()).isEqualTo("Paris.");
        assertThat(provider.config().httpClient()).isSameAs(http);
    }

    @Test
    void aListenerThatThrows_doesNotBreakTheStream() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(sse(StreamTest.TEXT, StreamTest.STOP, StreamTest.DONE))));

        LlmResponse r = provider().stream(simpleRequest(), token -> { throw new IllegalStateException("listener bug"); });

        assertThat(r.text()).isEqualTo("There are 47 files.");
        assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("token listener threw");
    }
}
