package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.Usage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Usage#costUsd()} is only ever what the server reported; a cost computed from the cached catalogue's list
 * prices goes to {@link Usage#estimatedCostUsd()}, and honours the cache-read price of cached prompt tokens.
 */
class CostEstimateTest extends WireMockTestBase {
    static final String MODEL = "google/gemini-3-flash-preview";

    static String answer(String usage) {
        return "{\"id\":\"gen-1\",\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Paris.\"},\"finish_reason\":\"stop\"}],\"usage\":" + usage + "}";
    }

    OpenRouterProvider providerWithCatalogue(String pricing) {
        server.stubFor(get("/api/v1/models").willReturn(okJson("{\"data\":[{\"id\":\"" + MODEL + "\",\"pricing\":"
                + pricing + "}]}")));
        OpenRouterProvider provider = provider();
        provider.catalog().refresh();
        return provider;
    }

    @Test
    void costMissing_isEstimatedFromTheCachedCatalogue_intoItsOwnField_neverAsTheReportedCost() {
        OpenRouterProvider provider = providerWithCatalogue("{\"prompt\":\"0.0000005\",\"completion\":\"0.000003\",\"request\":\"0\"}");
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.TOOL_CALLS)));

        Usage u = provider.complete(simpleRequest()).usage();

        assertThat(u.costUsd()).as("not reported by the server").isNull();
        assertThat(u.hasCost()).isFalse();
        assertThat(u.estimatedCostUsd()).isEqualByComparingTo("0.00008"); // 100 × 0.0000005 + 10 × 0.000003
        assertThat(u.isCostEstimated()).isTrue();
        assertThat(u.costOrEstimateUsd()).isEqualByComparingTo("0.00008");
    }

    @Test
    void cachedPromptTokens_areEstimatedAtTheCacheReadPrice() {
        OpenRouterProvider provider = providerWithCatalogue("{\"prompt\":\"0.000002\",\"completion\":\"0.00001\","
                + "\"input_cache_read\":\"0.0000002\"}");
        server.stubFor(post(CHAT).willReturn(okJson(answer("{\"prompt_tokens\":1000,\"completion_tokens\":100,"
                + "\"total_tokens\":1100,\"prompt_tokens_details\":{\"cached_tokens\":800}}"))));

        Usage u = provider.complete(simpleRequest()).usage();

        // 200 uncached × 0.000002 + 800 cached × 0.0000002 + 100 × 0.00001 = 0.0004 + 0.00016 + 0.001
        assertThat(u.estimatedCostUsd()).isEqualByComparingTo("0.00156");
        assertThat(u.costUsd()).isNull();
    }

    @Test
    void cachedPromptTokens_withoutACacheReadPrice_areEstimatedAtThePromptPrice() {
        OpenRouterProvider provider = providerWithCatalogue("{\"prompt\":\"0.000002\",\"completion\":\"0.00001\"}");
        server.stubFor(post(CHAT).willReturn(okJson(answer("{\"prompt_tokens\":1000,\"completion_tokens\":100,"
                + "\"total_tokens\":1100,\"prompt_tokens_details\":{\"cached_tokens\":800}}"))));

        assertThat(provider.complete(simpleRequest()).usage().estimatedCostUsd()).isEqualByComparingTo("0.003");
    }

    @Test
    void aStreamedAnswerWithoutCost_isEstimatedTheSameWay() {
        OpenRouterProvider provider = providerWithCatalogue("{\"prompt\":\"0.000002\",\"completion\":\"0.00001\","
                + "\"input_cache_read\":\"0.0000002\"}");
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(sse("data: {\"id\":\"gen-2\",\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":"
                                + "{\"content\":\"Paris.\"},\"finish_reason\":\"stop\"}]}",
                        "data: {\"id\":\"gen-2\",\"model\":\"" + MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":1000,"
                                + "\"completion_tokens\":100,\"total_tokens\":1100,\"prompt_tokens_details\":{\"cached_tokens\":800}}}",
                        "data: [DONE]"))));

        Usage u = provider.stream(simpleRequest(), t -> { }).usage();

        assertThat(u.costUsd()).isNull();
        assertThat(u.estimatedCostUsd()).isEqualByComparingTo("0.00156");
    }

    @Test
    void aReportedCost_isKeptAsReported_evenZero_andNothingIsEstimated() {
        OpenRouterProvider provider = providerWithCatalogue("{\"prompt\":\"0.000002\",\"completion\":\"0.00001\"}");
        server.stubFor(post(CHAT).willReturn(okJson(answer("{\"prompt_tokens\":1000,\"completion_tokens\":100,"
                + "\"total_tokens\":1100,\"cost\":0}"))));

        LlmResponse r = provider.complete(simpleRequest());

        assertThat(r.usage().costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(r.usage().estimatedCostUsd()).isNull();
        assertThat(r.usage().isCostEstimated()).isFalse();
    }

    @Test
    void withoutACachedCatalogue_nothingIsEstimated_andTheCatalogueIsNotFetched() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.TOOL_CALLS)));

        Usage u = provider().complete(simpleRequest()).usage();

        assertThat(u.costUsd()).isNull();
        assertThat(u.estimatedCostUsd()).isNull();
        assertThat(server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/v1/models")))).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1e999999999", "1e-999999999", "-0.5", "\"1e999999999\"", "1e400"})
    void aCostNoServerCanMean_isNoCost_neitherARefundNorAnAmountThatExhaustsMemory(String cost) {
        server.stubFor(post(CHAT).willReturn(okJson(answer("{\"prompt_tokens\":10,\"completion_tokens\":5,"
                + "\"total_tokens\":15,\"cost\":" + cost + "}"))));

        Usage u = provider().complete(simpleRequest()).usage();

        assertThat(u.promptTokens()).isEqualTo(10);
        assertThat(u.costUsd()).as("cost %s", cost).isNull();
    }
}
