package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Against the real OpenRouter API. Runs only with {@code mvn verify -Plive} and only when
 * {@code OPENROUTER_API_KEY} is set; the model can be changed with {@code OPENROUTER_LIVE_MODEL}. Costs a fraction
 * of a cent per run.
 */
class OpenRouterLiveIT {
    static final String MODEL = System.getenv().getOrDefault("OPENROUTER_LIVE_MODEL", "openai/gpt-4o-mini");
    OpenRouterProvider provider;

    @BeforeEach
    void requireKey() {
        String key = System.getenv("OPENROUTER_API_KEY");
        assumeTrue(key != null && !key.isBlank(), "OPENROUTER_API_KEY is not set");
        provider = OpenRouterProvider.builder().appTitle("Devora Orchestration live test")
                .requestTimeout(Duration.ofSeconds(60)).build();
    }

    static LlmRequest request() {
        return LlmRequest.builder().model(MODEL).message(LlmMessage.user("Reply with the single word: pong"))
                .maxTokens(16).temperature(0.0).build();
    }

    @Test
    void complete_answersWithUsageAndCost() {
        LlmResponse r = provider.complete(request());

        assertThat(r.text().toLowerCase()).contains("pong");
        assertThat(r.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
        assertThat(r.usage().promptTokens()).isPositive();
        assertThat(r.usage().hasCost()).isTrue();
        assertThat(r.requestId()).isNotBlank();
        assertThat(r.model()).isNotBlank();
    }

    @Test
    void stream_deliversTokensAndFinalUsage() {
        List<String> tokens = new ArrayList<>();

        LlmResponse r = provider.stream(request(), tokens::add);

        assertThat(String.join("", tokens)).isEqualTo(r.text());
        assertThat(r.usage().completionTokens()).isPositive();
    }

    @Test
    void catalogAndKey_areReadable() {
        assertThat(provider.catalog().find(MODEL)).isPresent();
        assertThat(provider.keyInfo()).isNotNull();
    }

    @Test
    void unknownModel_isATypedError() {
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider.complete(request().toBuilder().model("devora/no-such-model").build()));

        assertThat(e.kind()).isIn(ProviderErrorKind.INVALID_REQUEST, ProviderErrorKind.NOT_FOUND);
        assertThat(e.isRetriable()).isFalse();
    }
}
