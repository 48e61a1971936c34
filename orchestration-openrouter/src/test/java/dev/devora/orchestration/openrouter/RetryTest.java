package dev.devora.orchestration.openrouter;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RetryTest extends WireMockTestBase {

    /** Answers the given failures in order, then the regular answer. */
    void failThenSucceed(ResponseDefinitionBuilder... failures) {
        String state = Scenario.STARTED;
        for (int i = 0; i < failures.length; i++) {
            String next = "after-" + (i + 1);
            server.stubFor(post(CHAT).inScenario("flaky").whenScenarioStateIs(state).willReturn(failures[i]).willSetStateTo(next));
            state = next;
        }
        server.stubFor(post(CHAT).inScenario("flaky").whenScenarioStateIs(state).willReturn(okJson(Bodies.REGULAR)));
    }

    static ResponseDefinitionBuilder error(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":" + status + ",\"message\":\"failure " + status + "\"}}");
    }

    @Test
    void http500Twice_thenSuccess_isRetriedWithExponentialBackoff() {
        failThenSucceed(error(500), error(502));
        OpenRouterProvider provider = providerBuilder().retry(RetrySettings.builder().initialDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofSeconds(8)).jitter(0).build()).build();

        LlmResponse r = provider.complete(simpleRequest());

        assertThat(r.text()).isEqualTo("Paris.");
        assertThat(chatRequests()).hasSize(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void backoff_isCappedAtMaxDelay_andJitterOnlyShortensIt() {
        failThenSucceed(error(503), error(503), error(503), error(503));
        OpenRouterProvider provider = providerBuilder().retry(RetrySettings.builder().maxRetries(4)
                .initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(300)).jitter(0.25).build()).build();

        provider.complete(simpleRequest());

        assertThat(sleeps).hasSize(4);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(75), Duration.ofMillis(100));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(150), Duration.ofMillis(200));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(225), Duration.ofMillis(300));
        assertThat(sleeps.get(3)).isBetween(Duration.ofMillis(225), Duration.ofMillis(300));
    }

    @Test
    void http429_withRetryAfterSeconds_isRetriedAfterThatDelay() {
        failThenSucceed(error(429).withHeader("Retry-After", "3"));

        provider().complete(simpleRequest());

        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void http429_withRetryAfterMs_isRetriedAfterThatDelay() {
        failThenSucceed(error(429).withHeader("retry-after-ms", "250"));

        provider().complete(simpleRequest());

        assertThat(sleeps).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void availabilityRetryAfter_isHonoured() {
        failThenSucceed(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody(Bodies.ERROR_429_AVAILABILITY));

        provider().complete(simpleRequest());

        assertThat(sleeps).containsExactly(Duration.ofSeconds(40));
    }

    @Test
    void serverDelayAboveTheCap_failsFast_withTheDelayInTheException() {
        failThenSucceed(error(429).withHeader("Retry-After", "3600"));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider().complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).hasValue(Duration.ofHours(1));
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.getMessage()).contains("retry after 3600 s", "more than the 60 s limit");
        assertThat(e.providerMessage()).isEqualTo("failure 429");
        assertThat(chatRequests()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void faults_connectionResetEmptyResponseMalformedChunk_areRetried_thenSucceed() {
        failThenSucceed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), aResponse().withFault(Fault.EMPTY_RESPONSE));
        OpenRouterProvider provider = providerBuilder().retry(RetrySettings.builder().maxRetries(3)
                .initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(2)).build()).build();

        assertThat(provider.complete(simpleRequest()).text()).isEqualTo("Paris.");
        assertThat(chatRequests()).hasSize(3);

        server.resetAll();
        failThenSucceed(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        assertThat(provider.complete(simpleRequest()).text()).isEqualTo("Paris.");
        assertThat(chatRequests()).hasSize(2);
    }

    @Test
    void http200ErrorBody_isRetried_likeItsCode() {
        failThenSucceed(okJson("{\"error\":{\"code\":502,\"message\":\"Provider returned error\",\"metadata\":{\"provider_name\":\"Chutes\"}}}"));

        assertThat(provider().complete(simpleRequest()).text()).isEqualTo("Paris.");
        assertThat(chatRequests()).hasSize(2);
    }

    @Test
    void exhaustedRetries_throwNonRetriable_soTheEngineDoesNotMultiplyAttempts() {
        server.stubFor(post(CHAT).willReturn(error(503)));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider().complete(simpleRequest()));

        assertThat(chatRequests()).hasSize(3);
        assertThat(e.kind()).isEqualTo(ProviderErrorKind.SERVER_ERROR);
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.httpStatus()).hasValue(503);
        assertThat(e.getMessage()).contains("failure 503", "gave up after 3 attempts");
        assertThat(e.providerMessage()).as("the provider's own message, undecorated").isEqualTo("failure 503");
        assertThat(e.toString()).contains("gave up after 3 attempts");
    }

    @Test
    void exhaustedRetries_canStayRetriable_whenConfigured() {
        server.stubFor(post(CHAT).willReturn(error(503)));
        OpenRouterProvider provider = providerBuilder().retry(RetrySettings.builder().maxRetries(1)
                .initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(1)).retriableAfterExhaustion(true).build()).build();

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(simpleRequest()));

        assertThat(chatRequests()).hasSize(2);
        assertThat(e.isRetriable()).isTrue();
    }

    @Test
    void retryNone_makesOneAttempt_andKeepsTheNaturalRetriability() {
        server.stubFor(post(CHAT).willReturn(error(500)));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().retry(RetrySettings.NONE).build().complete(simpleRequest()));

        assertThat(chatRequests()).hasSize(1);
        assertThat(e.isRetriable()).isTrue();
    }

    @Test
    void nonRetriableStatuses_areNeverRetried() {
        for (int status : List.of(400, 401, 402, 403, 404, 413, 422)) {
            server.resetAll();
            server.stubFor(post(CHAT).willReturn(error(status)));

            ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider().complete(simpleRequest()));

            assertThat(e.httpStatus()).as("status").hasValue(status);
            assertThat(chatRequests()).as("attempts for %d", status).hasSize(1);
            assertThat(e.getMessage()).doesNotContain("gave up");
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void interruptDuringTheRetryWait_throwsInterruptedCallException_andKeepsTheFlag() throws Exception {
        server.stubFor(post(CHAT).willReturn(error(503)));
        OpenRouterProvider provider = providerBuilder().sleeper(Sleeper.SYSTEM)
                .retry(RetrySettings.builder().initialDelay(Duration.ofSeconds(30)).maxDelay(Duration.ofSeconds(30)).build()).build();
        InterruptibleCaller caller = InterruptibleCaller.start(() -> provider.complete(simpleRequest()));
        while (chatRequests().isEmpty()) Thread.sleep(10);
        Thread.sleep(100);
        caller.interruptAndJoin(3000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(caller.thrown()).isInstanceOf(InterruptedCallException.class);
        assertThat(caller.interruptFlagKept()).isTrue();
        assertThat(chatRequests()).hasSize(1);
    }

    @Test
    void withoutRetries_makesOneAttempt_andThrowsTheFailureAsRetriable_forAHostThatRetries() {
        failThenSucceed(error(500), error(500));
        OpenRouterProvider retrying = providerBuilder().retry(RetrySettings.builder().maxRetries(3).build()).build();
        OpenRouterProvider once = retrying.withoutRetries();

        assertThat(once.config().retry()).isEqualTo(RetrySettings.NONE);
        OpenRouterConfig a = once.config(), b = retrying.config();
        assertThat(List.of(a.apiKey(), a.baseUrl(), a.requestTimeout(), a.circuitBreaker(), a.catalogTtl()))
                .as("every other setting").isEqualTo(List.of(b.apiKey(), b.baseUrl(), b.requestTimeout(),
                        b.circuitBreaker(), b.catalogTtl()));
        assertThat(once.name()).isEqualTo(retrying.name());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> once.complete(simpleRequest()))
                .isInstanceOfSatisfying(dev.devora.orchestration.llm.ProviderException.class,
                        e -> assertThat(e.isRetriable()).as("the host's to retry").isTrue());
        assertThat(chatRequests()).as("one attempt").hasSize(1);
        assertThat(sleeps).isEmpty();
        assertThat(once.withoutRetries()).as("already without retries").isSameAs(once);
    }
}
