package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TimeoutTest extends WireMockTestBase {

    @Test
    void slowHeaders_beyondTheRequestTimeout_isTimeout_retriedThenNonRetriable() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR).withFixedDelay(2000)));
        long start = System.nanoTime();

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().requestTimeout(Duration.ofMillis(300))
                        .retry(RetrySettings.builder().maxRetries(1).initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(1)).build())
                        .build().complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.TIMEOUT);
        assertThat(e.getMessage()).contains("within 300 ms", "gave up after 2 attempts");
        assertThat(chatRequests()).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1800));
    }

    @Test
    void perRequestTimeout_overridesTheConfiguredOne() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR).withFixedDelay(600)));
        OpenRouterProvider provider = providerBuilder().requestTimeout(Duration.ofMillis(200)).retry(RetrySettings.NONE).build();

        assertThat(provider.complete(simpleRequest().toBuilder().timeout(Duration.ofSeconds(3)).build()).text())
                .isEqualTo("Paris.");
        assertThat(catchThrowableOfType(ProviderException.class, () -> provider.complete(simpleRequest())).kind())
                .isEqualTo(ProviderErrorKind.TIMEOUT);
    }

    @Test
    void slowBody_beyondTheRequestTimeout_isTimeout_evenAfterTheHeadersArrived() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR).withChunkedDribbleDelay(10, 3000)));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().requestTimeout(Duration.ofMillis(500)).retry(RetrySettings.NONE).build()
                        .complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.TIMEOUT);
    }

    @Test
    void interruptWhileWaitingForHeaders_abortsTheExchange() throws Exception {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR).withFixedDelay(4000)));
        OpenRouterProvider provider = provider();
        InterruptibleCaller caller = InterruptibleCaller.start(() -> provider.complete(simpleRequest()));
        while (chatRequests().isEmpty()) Thread.sleep(10);
        long start = System.nanoTime();
        caller.interruptAndJoin(2000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(caller.thrown()).isInstanceOf(InterruptedCallException.class);
        assertThat(((InterruptedCallException) caller.thrown()).isRetriable()).isFalse();
        assertThat(caller.interruptFlagKept()).isTrue();
    }

    @Test
    void interruptWhileTheBodyIsArriving_abortsTheExchange() throws Exception {
        // headers at once, then the body dribbles for 4 s (OpenRouter pads slow non-streamed answers with whitespace)
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR).withChunkedDribbleDelay(20, 4000)));
        OpenRouterProvider provider = providerBuilder().requestTimeout(Duration.ofSeconds(30)).retry(RetrySettings.NONE).build();
        InterruptibleCaller caller = InterruptibleCaller.start(() -> provider.complete(simpleRequest()));
        while (chatRequests().isEmpty()) Thread.sleep(10);
        Thread.sleep(300);
        long start = System.nanoTime();
        caller.interruptAndJoin(2000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(caller.thrown()).isInstanceOf(InterruptedCallException.class);
        assertThat(caller.interruptFlagKept()).isTrue();
    }

    @Test
    void slowBody_timesOutAtTheDeadline_notWhenTheBodyWouldHaveEnded() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR).withChunkedDribbleDelay(20, 6000)));
        long start = System.nanoTime();

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().requestTimeout(Duration.ofMillis(400)).retry(RetrySettings.NONE).build()
                        .complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.TIMEOUT);
        assertThat(e.getMessage()).contains("within 400 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void alreadyInterruptedThread_sendsNothing() {
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));
        Thread.currentThread().interrupt();
        try {
            assertThat(catchThrowableOfType(InterruptedCallException.class, () -> provider().complete(simpleRequest())))
                    .isNotNull();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(chatRequests()).isEmpty();
    }

    @Test
    void connectionRefused_isANetworkError() {
        OpenRouterProvider provider = providerBuilder().baseUrl("http://127.0.0.1:1/api/v1").retry(RetrySettings.NONE).build();

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.NETWORK);
        assertThat(e.isRetriable()).isTrue();
    }
}
