package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CircuitBreakerTest extends WireMockTestBase {
    static final String A = "anthropic/claude-sonnet-4.5";
    static final String B = "openai/gpt-4o";

    OpenRouterProvider breakerProvider(Duration openFor) {
        return providerBuilder()
                .retry(RetrySettings.NONE)
                .circuitBreaker(CircuitBreakerSettings.builder().windowSize(4).minimumCalls(3)
                        .failureRateThreshold(50).openDuration(openFor).build())
                .build();
    }

    void modelAFails_modelBAnswers() {
        server.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo(A)))
                .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "application/json")
                        .withBody(Bodies.ERROR_502_RAW)));
        server.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo(B)))
                .willReturn(okJson(Bodies.withModel(B))));
    }

    static dev.devora.orchestration.llm.LlmRequest withFallback() {
        return simpleRequest().toBuilder().model(A).fallbackModels(List.of(B)).build();
    }

    @Test
    void serverSideFallback_theModelThatAnsweredIsReported() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.withModel(B))));

        LlmResponse r = provider().complete(withFallback());

        assertThat(r.model()).isEqualTo(B);
        assertThat(sentBody(0).get("model").asText()).isEqualTo(A);
        assertThat(sentBody(0).get("models")).hasSize(1);
        assertThat(sentBody(0).get("models").get(0).asText()).isEqualTo(B);
    }

    @Test
    void breakerOpensAfterAHandfulOfFailures_thenCallsGoStraightToTheNextModel() {
        modelAFails_modelBAnswers();
        OpenRouterProvider provider = breakerProvider(Duration.ofMinutes(5));

        for (int i = 0; i < 3; i++) {
            assertThat(catchThrowableOfType(ProviderException.class, () -> provider.complete(withFallback())).kind())
                    .isEqualTo(ProviderErrorKind.SERVER_ERROR);
        }
        assertThat(provider.isCircuitOpen(A)).isTrue();

        LlmResponse r = provider.complete(withFallback());

        assertThat(r.model()).isEqualTo(B);
        assertThat(chatRequests()).hasSize(4);
        assertThat(sentBody(3).get("model").asText()).isEqualTo(B);
        assertThat(sentBody(3).has("models")).isFalse();
    }

    @Test
    void breakerThatOpensDuringRetries_movesTheNextAttemptToTheFallbackModel() {
        modelAFails_modelBAnswers();
        OpenRouterProvider provider = providerBuilder()
                .retry(RetrySettings.builder().maxRetries(3).initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(1)).build())
                .circuitBreaker(CircuitBreakerSettings.builder().windowSize(2).minimumCalls(2).openDuration(Duration.ofMinutes(5)).build())
                .build();

        LlmResponse r = provider.complete(withFallback());

        assertThat(r.model()).isEqualTo(B);
        assertThat(chatRequests()).extracting(req -> req.getBodyAsString().contains("\"model\":\"" + A + "\""))
                .containsExactly(true, true, false);
    }

    @Test
    void whenEveryModelsBreakerIsOpen_failsFastWithCircuitOpen_nonRetriable() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":500,\"message\":\"down\"}}")));
        OpenRouterProvider provider = breakerProvider(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) catchThrowableOfType(ProviderException.class, () -> provider.complete(simpleRequest().toBuilder().model(A).build()));
        int before = chatRequests().size();

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider.complete(simpleRequest().toBuilder().model(A).build()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.CIRCUIT_OPEN);
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.getMessage()).contains(A);
        assertThat(chatRequests()).hasSize(before);
    }

    @Test
    void afterTheOpenDuration_aProbeIsLetThrough_andSuccessClosesTheBreaker() throws Exception {
        server.stubFor(post(CHAT).inScenario("recover").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":503,\"message\":\"down\"}}")));
        OpenRouterProvider provider = breakerProvider(Duration.ofMillis(300));
        for (int i = 0; i < 3; i++) catchThrowableOfType(ProviderException.class, () -> provider.complete(simpleRequest().toBuilder().model(A).build()));
        assertThat(provider.isCircuitOpen(A)).isTrue();
        server.stubFor(post(CHAT).inScenario("recover").whenScenarioStateIs("up").willReturn(okJson(Bodies.withModel(A))));
        server.setScenarioState("recover", "up");

        Thread.sleep(400);
        LlmResponse r = provider.complete(simpleRequest().toBuilder().model(A).build());

        assertThat(r.model()).isEqualTo(A);
        assertThat(provider.isCircuitOpen(A)).isFalse();
    }

    @Test
    void clientErrors_doNotOpenTheBreaker() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":400,\"message\":\"bad\"}}")));
        OpenRouterProvider provider = breakerProvider(Duration.ofMinutes(5));

        for (int i = 0; i < 5; i++) catchThrowableOfType(ProviderException.class, () -> provider.complete(simpleRequest().toBuilder().model(A).build()));

        assertThat(provider.isCircuitOpen(A)).isFalse();
        assertThat(chatRequests()).hasSize(5);
    }
}
