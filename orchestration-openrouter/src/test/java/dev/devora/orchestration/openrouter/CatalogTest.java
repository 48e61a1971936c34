package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CatalogTest extends WireMockTestBase {
    static final String MODELS = """
            {"data":[
              {"id":"openai/gpt-4o-mini","canonical_slug":"openai/gpt-4o-mini","name":"OpenAI: GPT-4o-mini","created":1721260800,
               "pricing":{"prompt":"0.00000015","completion":"0.0000006","request":"0","image":"0.000217","input_cache_read":"0.000000075"},
               "context_length":128000,"architecture":{"modality":"text+image->text"},
               "top_provider":{"context_length":128000,"max_completion_tokens":16384,"is_moderated":true},
               "per_request_limits":null,"supported_parameters":["tools","tool_choice","response_format","structured_outputs","seed"]},
              {"id":"meta/free","name":"Free","pricing":{"prompt":"0","completion":"0"},"context_length":null},
              {"name":"no id: skipped"}]}
            """;

    static final class MutableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T00:00:00Z"));
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    }

    @Test
    void price_comesFromTheCatalogue_forPlansCostEstimates_andIsEmptyWhenUnknownOrUnreachable() {
        server.stubFor(get("/api/v1/models").willReturn(okJson(MODELS)));
        OpenRouterProvider llm = provider();

        dev.devora.orchestration.llm.ModelPrice price = llm.price("openai/gpt-4o-mini").orElseThrow();

        assertThat(price.promptPerToken()).isEqualTo(new BigDecimal("0.00000015"));
        assertThat(price.cost(1000, 500)).isEqualByComparingTo("0.00045");
        assertThat(llm.price("nobody/unknown")).isEmpty();
        server.stubFor(get("/api/v1/models").willReturn(aResponse().withStatus(500)));
        assertThat(providerBuilder().build().price("openai/gpt-4o-mini")).isEmpty();
    }

    @Test
    void contextLength_comesFromTheCachedCatalogue_andNeverFetchesIt() {
        server.stubFor(get("/api/v1/models").willReturn(okJson(MODELS)));
        OpenRouterProvider llm = provider();

        assertThat(llm.contextLength("openai/gpt-4o-mini")).isEmpty(); // not cached yet: no request made
        assertThat(server.getAllServeEvents()).isEmpty();
        llm.price("openai/gpt-4o-mini"); // caches the catalogue
        assertThat(llm.contextLength("openai/gpt-4o-mini")).hasValue(128_000);
        assertThat(llm.contextLength("meta/free")).isEmpty();
        assertThat(llm.contextLength("nobody/unknown")).isEmpty();
    }

    @Test
    void models_parsePricesAsExactBigDecimalsPerToken_contextAndSupportedParameters() {
        server.stubFor(get("/api/v1/models").willReturn(okJson(MODELS)));

        ModelCatalog catalog = provider().catalog();

        assertThat(catalog.models()).extracting(ModelInfo::id).containsExactly("openai/gpt-4o-mini", "meta/free");
        ModelInfo m = catalog.find("openai/gpt-4o-mini").orElseThrow();
        assertThat(m.promptPrice()).isEqualTo(new BigDecimal("0.00000015"));
        assertThat(m.completionPrice()).isEqualTo(new BigDecimal("0.0000006"));
        assertThat(m.cacheReadPrice()).isEqualTo(new BigDecimal("0.000000075"));
        assertThat(m.contextLength()).isEqualTo(128000);
        assertThat(m.maxCompletionTokens()).isEqualTo(16384);
        assertThat(m.supports("structured_outputs")).isTrue();
        assertThat(catalog.find("meta/free").orElseThrow().contextLength()).isNull();
        assertThat(catalog.find("openai/gpt-4o-mini:nitro")).isPresent();
        assertThat(catalog.estimateCost("openai/gpt-4o-mini", 1000, 500)).isEqualByComparingTo("0.00045");
        server.verify(getRequestedFor(urlEqualTo("/api/v1/models")).withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void catalogue_isCachedForItsTtl_thenRefetched() {
        server.stubFor(get("/api/v1/models").willReturn(okJson(MODELS)));
        MutableClock clock = new MutableClock();
        ModelCatalog catalog = providerBuilder().clock(clock).catalogTtl(Duration.ofMinutes(10)).build().catalog();

        catalog.models();
        catalog.find("meta/free");
        clock.now.set(clock.now.get().plus(Duration.ofMinutes(9)));
        catalog.models();
        assertThat(server.findAll(getRequestedFor(urlEqualTo("/api/v1/models")))).hasSize(1);

        clock.now.set(clock.now.get().plus(Duration.ofMinutes(2)));
        catalog.models();
        assertThat(server.findAll(getRequestedFor(urlEqualTo("/api/v1/models")))).hasSize(2);
    }

    @Test
    void failedRefresh_keepsServingTheStaleCopy() {
        server.stubFor(get("/api/v1/models").willReturn(okJson(MODELS)));
        MutableClock clock = new MutableClock();
        ModelCatalog catalog = providerBuilder().clock(clock).catalogTtl(Duration.ofMinutes(1)).build().catalog();
        catalog.models();
        server.stubFor(get("/api/v1/models").willReturn(aResponse().withStatus(503)));
        clock.now.set(clock.now.get().plus(Duration.ofMinutes(5)));

        assertThat(catalog.models()).hasSize(2);
    }

    @Test
    void keyInfo_readsRemainingCredit() {
        server.stubFor(get("/api/v1/key").willReturn(okJson("""
                {"data":{"label":"sk-or-v1-abc...xyz","limit":10,"limit_remaining":7.25,"usage":2.75,"is_free_tier":false,
                 "rate_limit":{"requests":-1,"interval":"10s"}}}""")));

        KeyInfo k = provider().keyInfo();

        assertThat(k.limit()).isEqualByComparingTo("10");
        assertThat(k.limitRemaining()).isEqualByComparingTo("7.25");
        assertThat(k.usage()).isEqualByComparingTo("2.75");
        assertThat(k.freeTier()).isFalse();
    }

    @Test
    void keyInfo_fallsBackToTheLegacyPath() {
        server.stubFor(get("/api/v1/key").willReturn(aResponse().withStatus(404)));
        server.stubFor(get("/api/v1/auth/key").willReturn(okJson("{\"data\":{\"label\":\"x\",\"limit\":null,\"usage\":0,\"is_free_tier\":true}}")));

        KeyInfo k = provider().keyInfo();

        assertThat(k.limit()).isNull();
        assertThat(k.freeTier()).isTrue();
    }

    @Test
    void keyInfo_withABadKey_isAuthenticationError() {
        server.stubFor(get("/api/v1/key").willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"No auth credentials found\",\"code\":401}}")));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider().keyInfo());

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.AUTHENTICATION);
    }

    @Test
    void generation_isRetriedWhileOpenRouterStillAnswers404() {
        server.stubFor(get(urlEqualTo("/api/v1/generation?id=gen-1")).inScenario("gen")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":404,\"message\":\"Generation not found\"}}")).willSetStateTo("ready"));
        server.stubFor(get(urlEqualTo("/api/v1/generation?id=gen-1")).inScenario("gen").whenScenarioStateIs("ready")
                .willReturn(okJson("""
                        {"data":{"id":"gen-1","model":"openai/gpt-4o","provider_name":"OpenAI","total_cost":0.0012,
                         "native_tokens_prompt":100,"native_tokens_completion":20,"native_tokens_reasoning":5,"native_tokens_cached":50,
                         "finish_reason":"stop","native_finish_reason":"stop","latency":420,"generation_time":900,"streamed":true,"cancelled":false}}""")));

        GenerationInfo g = provider().generation("gen-1");

        assertThat(g.providerName()).isEqualTo("OpenAI");
        assertThat(g.totalCost()).isEqualByComparingTo("0.0012");
        assertThat(g.promptTokens()).isEqualTo(100);
        assertThat(g.cachedTokens()).isEqualTo(50);
        assertThat(g.latencyMs()).isEqualTo(420L);
        assertThat(g.streamed()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofMillis(500));
    }
}
