package dev.devora.orchestration.openrouter;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {
    static final String KEY = "sk-or-v1-SENTINEL-config";

    @Test
    void missingKey_isAClearErrorAtBuildTime() {
        assertThatThrownBy(() -> OpenRouterProvider.builder().environment(name -> null).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no OpenRouter API key: call apiKey(...) or set the OPENROUTER_API_KEY environment variable");
        assertThatThrownBy(() -> OpenRouterProvider.builder().apiKey("  ").build())
                .hasMessage("apiKey must not be blank");
    }

    @Test
    void aKeyThatCannotTravelInAnHttpHeader_isRejectedAtBuildTime_byPositionAndCodePoint_neverEchoed() {
        // a zero-width space pasted with the key, a line break inside it, a non-ASCII letter: the JDK would reject the
        // header on every call with an IllegalArgumentException quoting the whole "Bearer <key>" value
        assertThatThrownBy(() -> OpenRouterProvider.builder().apiKey(KEY + "\u200b").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apiKey holds a character that cannot be sent in an HTTP header: U+200B at position 25 "
                        + "(an API key is printable ASCII)");
        assertThatThrownBy(() -> OpenRouterProvider.builder().apiKey("sk-or\nv1").build())
                .hasMessageContaining("U+000A at position 6");
        assertThatThrownBy(() -> OpenRouterProvider.builder().apiKey("sk or").build())
                .hasMessageContaining("U+0020 at position 3");
        assertThatThrownBy(() -> OpenRouterProvider.builder().environment(Map.of("OPENROUTER_API_KEY", "sk-é")::get)
                .build())
                .hasMessageContaining("U+00E9 at position 4")
                .hasMessageNotContaining("sk-");
    }

    @Test
    void key_isReadFromTheEnvironment_whenNotGiven() {
        OpenRouterProvider p = OpenRouterProvider.builder().environment(Map.of("OPENROUTER_API_KEY", KEY)::get).build();

        assertThat(p.config().apiKey().reveal()).isEqualTo(KEY);
        assertThat(p.config().toString()).contains("ApiKey[redacted]").doesNotContain(KEY);
    }

    @Test
    void defaults_matchTheDocumentation() {
        OpenRouterConfig c = OpenRouterProvider.builder().apiKey(KEY).buildConfig();

        assertThat(c.baseUrl()).hasToString("https://openrouter.ai/api/v1");
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.retry().maxRetries()).isEqualTo(2);
        assertThat(c.retry().initialDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.retry().maxDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.retry().maxServerDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.retry().retriableAfterExhaustion()).isFalse();
        assertThat(c.circuitBreaker().minimumCalls()).isEqualTo(5);
        assertThat(c.routing().isEmpty()).isTrue();
    }

    @Test
    void baseUrl_trailingSlashIsDropped_andBadUrlsAreRejectedWithTheValue() {
        assertThat(OpenRouterProvider.builder().apiKey(KEY).baseUrl("http://localhost:11434/v1/").buildConfig().baseUrl())
                .hasToString("http://localhost:11434/v1");
        assertThatThrownBy(() -> OpenRouterProvider.builder().apiKey(KEY).baseUrl("ftp://x/y").buildConfig())
                .hasMessage("baseUrl must start with https:// (or http:// explicitly), was ftp://x/y");
        assertThatThrownBy(() -> OpenRouterProvider.builder().apiKey(KEY).baseUrl("https://u:p@x.dev/v1").buildConfig())
                .hasMessage("baseUrl must not carry credentials; use apiKey(...)");
    }

    @Test
    void invalidValues_areRejectedWithMessagesNamingTheValue() {
        assertThatThrownBy(() -> OpenRouterProvider.builder().apiKey(KEY).requestTimeout(Duration.ZERO).buildConfig())
                .hasMessage("requestTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> RetrySettings.builder().maxRetries(-1).build())
                .hasMessage("maxRetries must be ≥ 0, was -1");
        assertThatThrownBy(() -> RetrySettings.builder().jitter(1.5).build())
                .hasMessage("jitter must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> RetrySettings.builder().initialDelay(Duration.ofSeconds(10)).maxDelay(Duration.ofSeconds(1)).build())
                .hasMessage("maxDelay must be ≥ initialDelay (PT10S), was PT1S");
        assertThatThrownBy(() -> CircuitBreakerSettings.builder().minimumCalls(20).build())
                .hasMessage("minimumCalls must be between 1 and windowSize (10), was 20");
        assertThatThrownBy(() -> CircuitBreakerSettings.builder().failureRateThreshold(0).build())
                .hasMessage("failureRateThreshold must be in (0, 100], was 0.0");
        assertThatThrownBy(() -> ProviderRouting.builder().sort("cheapest").build())
                .hasMessageStartingWith("sort must be one of").hasMessageEndingWith("was \"cheapest\"");
        assertThatThrownBy(() -> ProviderRouting.builder().sortPartition(ProviderRouting.SortPartition.NONE).build())
                .hasMessage("sortPartition NONE needs a sort (price, throughput, latency or exacto), but sort is not set");
        assertThatThrownBy(() -> new ProviderRouting.MaxPrice(new BigDecimal("-1"), null, null, null))
                .hasMessage("maxPrice.prompt must be ≥ 0, was -1");
        assertThatThrownBy(() -> OpenRouterProvider.builder().apiKey(KEY).defaultModel(" ").buildConfig())
                .hasMessage("defaultModel must not be blank, was \" \"");
    }

    @Test
    void conflictingOptions_areRejected() {
        assertThatThrownBy(() -> ProviderRouting.builder().only(List.of("openai")).ignore(List.of("openai")).build())
                .hasMessage("providers cannot be both in only and in ignore, were [openai]");
        assertThatThrownBy(() -> OpenRouterProvider.builder().apiKey(KEY).httpClient(HttpClient.newHttpClient())
                .executor(Runnable::run).buildConfig())
                .hasMessageStartingWith("set either httpClient or executor, not both");
    }

    @Test
    void toBuilder_makesAVariant() {
        OpenRouterConfig c = OpenRouterProvider.builder().apiKey(KEY).defaultModel("a/b").buildConfig();

        OpenRouterConfig variant = c.toBuilder().requestTimeout(Duration.ofMinutes(1)).buildConfig();

        assertThat(variant.defaultModel()).isEqualTo("a/b");
        assertThat(variant.requestTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetrySettings.DEFAULTS.toBuilder().maxRetries(5).build().maxAttempts()).isEqualTo(6);
        assertThat(ProviderRouting.builder().sort("price").build().toBuilder().zdr(true).build().sort()).isEqualTo("price");
    }
}
