package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.llm.LlmResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest extends WireMockTestBase {

    @Test
    void oneProvider_isSharedSafelyByConcurrentCompleteAndStreamCalls() throws Exception {
        server.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(StreamTest.TEXT, StreamTest.STOP, StreamTest.USAGE_EMPTY_CHOICES, StreamTest.DONE))));
        server.stubFor(post(CHAT).atPriority(10).willReturn(okJson(Bodies.REGULAR)));
        OpenRouterProvider provider = providerBuilder().circuitBreaker(CircuitBreakerSettings.DEFAULTS).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LlmResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean stream = i % 2 == 0;
                futures.add(pool.submit(() -> stream
                        ? provider.stream(simpleRequest(), t -> { })
                        : provider.complete(simpleRequest())));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get().text()).isEqualTo(i % 2 == 0 ? "There are 47 files." : "Paris.");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(chatRequests()).hasSize(40);
    }
}
