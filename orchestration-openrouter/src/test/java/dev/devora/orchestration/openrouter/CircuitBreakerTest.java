package dev.devora.orchestration.openrouter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CircuitBreakerTest extends WireMockTestBase {
    /** The breakers log their state changes at INFO: kept off the console, asserted on where it matters. */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    static final String A = "anthropic/claude-sonnet-4.5";
    static final String B = "openai/gpt-4o";

    final CatalogTest.MutableClock clock = new CatalogTest.MutableClock();

    /** Default retries and breaker; retry waits are recorded and move the test clock instead of sleeping. */
    OpenRouterProvider defaultsProvider() {
        return providerBuilder().retry(RetrySettings.DEFAULTS).circuitBreaker(CircuitBreakerSettings.DEFAULTS)
                .clock(clock).sleeper(d -> { sleeps.add(d); advance(d); }).build();
    }

    void advance(Duration d) {
        clock.now.updateAndGet(t -> t.plus(d));
    }

    static ResponseDefinitionBuilder error(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":" + status + ",\"message\":\"failure " + status + "\"}}");
    }

    /** For requests whose prompt is {@code prompt}: the given answers in order, the last one repeated. */
    static void answers(String prompt, ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i == answers.length - 1 ? state : prompt + "-" + (i + 1);
            server.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.messages[0].content", equalTo(prompt)))
                    .inScenario(prompt).whenScenarioStateIs(state).willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    static LlmRequest prompt(String text) {
        return LlmRequest.builder().model(A).message(LlmMessage.user(text)).build();
    }

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
        assertThat(logs.messages(Level.INFO)).containsExactly("circuit for model=" + A + ": CLOSED -> OPEN");

        LlmResponse r = provider.complete(withFallback());

        assertThat(r.model()).isEqualTo(B);
        assertThat(chatRequests()).hasSize(4);
        assertThat(sentBody(3).get("model").asText()).isEqualTo(B);
        assertThat(sentBody(3).has("models")).isFalse();
    }

    @Test
    void aCallsOwnRetries_countAsOneFailedCall_notOnePerAttempt() {
        modelAFails_modelBAnswers();
        OpenRouterProvider provider = providerBuilder()
                .retry(RetrySettings.builder().maxRetries(3).initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(1)).build())
                .circuitBreaker(CircuitBreakerSettings.builder().windowSize(2).minimumCalls(2).openDuration(Duration.ofMinutes(5)).build())
                .build();

        ProviderException first = catchThrowableOfType(ProviderException.class,
                () -> provider.complete(simpleRequest().toBuilder().model(A).build()));

        assertThat(first.kind()).isEqualTo(ProviderErrorKind.SERVER_ERROR);
        assertThat(chatRequests()).as("all 4 attempts went to A").hasSize(4);
        assertThat(provider.isCircuitOpen(A)).as("4 failed attempts are 1 failed call").isFalse();

        catchThrowableOfType(ProviderException.class, () -> provider.complete(simpleRequest().toBuilder().model(A).build()));

        assertThat(provider.isCircuitOpen(A)).as("2 failed calls of 2").isTrue();
    }

    @Test
    void breakerOpenedByOtherCallsDuringARetryWait_movesTheNextAttemptToTheFallbackModel() {
        modelAFails_modelBAnswers();
        AtomicBoolean othersRan = new AtomicBoolean();
        OpenRouterProvider[] provider = new OpenRouterProvider[1];
        provider[0] = providerBuilder()
                .retry(RetrySettings.builder().maxRetries(2).initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(1)).build())
                .circuitBreaker(CircuitBreakerSettings.builder().windowSize(2).minimumCalls(2).openDuration(Duration.ofMinutes(5)).build())
                .sleeper(d -> {
                    if (othersRan.compareAndSet(false, true)) { // other calls fail on A while this one waits
                        for (int i = 0; i < 2; i++) {
                            catchThrowableOfType(ProviderException.class,
                                    () -> provider[0].complete(simpleRequest().toBuilder().model(A).build()));
                        }
                    }
                })
                .build();

        LlmResponse r = provider[0].complete(withFallback());

        assertThat(r.model()).isEqualTo(B);
        assertThat(chatRequests()).extracting(req -> req.getBodyAsString().contains("\"model\":\"" + A + "\""))
                .containsExactly(true, true, true, true, true, true, true, false);
        assertThat(provider[0].isCircuitOpen(A)).isTrue();
    }

    @Test
    void http429WithRetryAfter_onTwoConsecutiveCalls_bothSucceed_andALaterCallGoesOut() {
        for (String p : List.of("one", "two")) {
            answers(p, error(429).withHeader("Retry-After", "1"), error(429).withHeader("Retry-After", "1"), okJson(Bodies.withModel(A)));
        }
        answers("three", okJson(Bodies.withModel(A)));
        OpenRouterProvider provider = defaultsProvider();

        assertThat(provider.complete(prompt("one")).text()).isEqualTo("Paris.");
        assertThat(provider.complete(prompt("two")).text()).isEqualTo("Paris.");
        advance(Duration.ofMillis(1100));
        assertThat(provider.complete(prompt("three")).text()).isEqualTo("Paris.");

        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(chatRequests()).hasSize(7);
        assertThat(provider.isCircuitOpen(A)).isFalse();
    }

    @Test
    void http429WithRetryAfter_beyondTheRetries_failsRateLimited_neverCircuitOpen() {
        server.stubFor(post(CHAT).willReturn(error(429).withHeader("Retry-After", "1")));
        OpenRouterProvider provider = defaultsProvider();

        for (int call = 0; call < 3; call++) {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt("hi")));
            assertThat(e.kind()).as("call %d", call).isEqualTo(ProviderErrorKind.RATE_LIMITED);
        }
        advance(Duration.ofMillis(1100));
        catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt("hi")));

        assertThat(chatRequests()).as("every call went out with all its attempts").hasSize(12);
        assertThat(provider.isCircuitOpen(A)).isFalse();
    }

    @Test
    void overloadWithAServerDelay_isNotAnOutage() {
        server.stubFor(post(CHAT).willReturn(error(503).withHeader("Retry-After", "2")));
        OpenRouterProvider provider = defaultsProvider();

        for (int call = 0; call < 6; call++) {
            assertThat(catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt("hi"))).kind())
                    .isEqualTo(ProviderErrorKind.SERVER_ERROR);
        }

        assertThat(chatRequests()).hasSize(18);
        assertThat(provider.isCircuitOpen(A)).isFalse();
    }

    @Test
    void flakyOnce_under8ConcurrentCalls_all8Succeed() throws Exception {
        for (int i = 0; i < 8; i++) answers("call " + i, error(500), okJson(Bodies.withModel(A)));
        OpenRouterProvider provider = providerBuilder().retry(RetrySettings.builder().initialDelay(Duration.ofMillis(20))
                .maxDelay(Duration.ofMillis(20)).jitter(0).build()).circuitBreaker(CircuitBreakerSettings.DEFAULTS)
                .sleeper(Sleeper.SYSTEM).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<LlmResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String text = "call " + i;
                calls.add(pool.submit(() -> {
                    start.await();
                    return provider.complete(prompt(text));
                }));
            }
            start.countDown();
            for (Future<LlmResponse> call : calls) assertThat(call.get(30, TimeUnit.SECONDS).text()).isEqualTo("Paris.");
        } finally {
            pool.shutdownNow();
        }
        assertThat(chatRequests()).hasSize(16);
        assertThat(provider.isCircuitOpen(A)).isFalse();
    }

    @Test
    void realOutage_opensAfterFailedCalls_reportsWhenItHalfOpens_thenAProbeClosesIt() {
        answers("down", error(500));
        OpenRouterProvider provider = defaultsProvider();
        for (int call = 0; call < 5; call++) {
            assertThat(catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt("down"))).kind())
                    .as("call %d", call).isEqualTo(ProviderErrorKind.SERVER_ERROR);
        }
        assertThat(chatRequests()).as("5 calls × 3 attempts").hasSize(15);
        assertThat(provider.isCircuitOpen(A)).isTrue();

        ProviderException open = catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt("down")));

        assertThat(open.kind()).isEqualTo(ProviderErrorKind.CIRCUIT_OPEN);
        assertThat(open.isRetriable()).as("the engine may retry it once the breaker half-opens").isTrue();
        assertThat(open.retryAfter()).as("the open duration; resilience4j half-opens strictly after it")
                .hasValue(Duration.ofSeconds(30).plusMillis(1));
        assertThat(open.getCause()).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) open.getCause()).httpStatus()).hasValue(500);
        assertThat(chatRequests()).hasSize(15);

        advance(Duration.ofSeconds(12));
        ProviderException later = catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt("down")));
        assertThat(later.retryAfter()).hasValue(Duration.ofSeconds(18).plusMillis(1));

        answers("up", okJson(Bodies.withModel(A)));
        advance(later.retryAfter().orElseThrow().minusMillis(1));
        assertThat(provider.isCircuitOpen(A)).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(provider.isCircuitOpen(A)).isFalse();
        assertThat(provider.complete(prompt("up")).model()).isEqualTo(A);

        assertThat(chatRequests()).hasSize(16);
        assertThat(provider.isCircuitOpen(A)).isFalse();
        for (int call = 0; call < 4; call++) {
            catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt("down")));
        }
        assertThat(provider.isCircuitOpen(A)).as("closed again: it takes a full window to reopen").isFalse();
    }

    /** Opens A's default breaker with 5 failed calls, then moves past its open duration: the next call is the probe. */
    OpenRouterProvider halfOpenAfterAnOutage() {
        answers("down", error(500));
        OpenRouterProvider provider = defaultsProvider();
        for (int call = 0; call < 5; call++) catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt("down")));
        assertThat(provider.isCircuitOpen(A)).isTrue();
        advance(Duration.ofSeconds(31));
        return provider;
    }

    /** Starts the probe call (prompt {@code probe}), waits until it is at the server, then starts 7 more calls. */
    static List<Future<LlmResponse>> probeThen7More(ExecutorService pool, OpenRouterProvider provider, String probe,
                                                     String others) throws InterruptedException {
        int before = chatRequests().size();
        List<Future<LlmResponse>> calls = new ArrayList<>();
        calls.add(pool.submit(() -> provider.complete(prompt(probe))));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (chatRequests().size() == before && System.nanoTime() < until) Thread.sleep(10);
        for (int i = 0; i < 7; i++) calls.add(pool.submit(() -> provider.complete(prompt(others))));
        return calls;
    }

    @Test
    void atHalfOpen_8ConcurrentCallsWithoutFallback_waitForTheProbe_andAll8Succeed() throws Exception {
        OpenRouterProvider provider = halfOpenAfterAnOutage();
        server.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("up")))
                .willReturn(okJson(Bodies.withModel(A)).withFixedDelay(1500))); // a probe that takes its time, as LLM calls do
        int before = chatRequests().size();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<LlmResponse> call : probeThen7More(pool, provider, "up", "up")) {
                assertThat(call.get(60, TimeUnit.SECONDS).model()).isEqualTo(A);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(chatRequests()).as("the probe, then the 7 that waited for it").hasSize(before + 8);
        assertThat(provider.isCircuitOpen(A)).isFalse();
    }

    @Test
    void atHalfOpen_callsThatWaitedForAFailedProbe_getCircuitOpenWithTheNewOpenDuration() throws Exception {
        OpenRouterProvider provider = halfOpenAfterAnOutage();
        server.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("still down")))
                .willReturn(error(500).withFixedDelay(500)));
        int before = chatRequests().size();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<LlmResponse>> calls;
        try {
            calls = probeThen7More(pool, provider, "still down", "up");
            for (Future<LlmResponse> call : calls) {
                assertThatThrownBy(() -> call.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(ProviderException.class);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Future<LlmResponse> call : calls.subList(1, 8)) {
            ProviderException e = (ProviderException) catchThrowable(call::get).getCause();
            assertThat(e.kind()).isEqualTo(ProviderErrorKind.CIRCUIT_OPEN);
            assertThat(e.retryAfter()).as("open again after the failed probe: its full open duration")
                    .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30).plusMillis(1)));
        }
        assertThat(chatRequests()).as("only the probe's attempts went out").hasSize(before + 3);
    }

    @Test
    void atHalfOpen_aCallWaitingForTheProbe_endsAtOnceWhenInterrupted() throws Exception {
        OpenRouterProvider provider = halfOpenAfterAnOutage();
        server.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("slow")))
                .willReturn(okJson(Bodies.withModel(A)).withFixedDelay(3000)));
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            int before = chatRequests().size();
            Future<LlmResponse> probe = pool.submit(() -> provider.complete(prompt("slow")));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (chatRequests().size() == before && System.nanoTime() < until) Thread.sleep(10);
            java.util.concurrent.atomic.AtomicReference<Throwable> ended = new java.util.concurrent.atomic.AtomicReference<>();
            Thread waiter = new Thread(() -> ended.set(catchThrowable(() -> provider.complete(prompt("slow")))));
            waiter.start();
            Thread.sleep(300); // it is waiting for the probe by now
            waiter.interrupt();
            waiter.join(2000);

            assertThat(waiter.isAlive()).as("ended within 2 s of the interrupt, not after the probe").isFalse();
            assertThat(ended.get()).isInstanceOf(dev.devora.orchestration.InterruptedCallException.class);
            assertThat(probe.get(60, TimeUnit.SECONDS).model()).isEqualTo(A);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenEveryModelsBreakerIsOpen_failsFastWithCircuitOpen_retriableAfterTheOpenDuration() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":500,\"message\":\"down\"}}")));
        OpenRouterProvider provider = breakerProvider(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) catchThrowableOfType(ProviderException.class, () -> provider.complete(simpleRequest().toBuilder().model(A).build()));
        int before = chatRequests().size();

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider.complete(simpleRequest().toBuilder().model(A).build()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.CIRCUIT_OPEN);
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.retryAfter().orElseThrow()).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
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
    void upstreamBodies_neverReachTheLogs_evenWithResilience4jAtDebug() {
        String message = "UPSTREAM-MESSAGE-7f3a";
        String raw = "UPSTREAM-RAW-BODY-9c1e";
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(502).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":502,\"message\":\"" + message + "\",\"metadata\":{\"raw\":\"" + raw
                        + "\",\"provider_name\":\"P\"}}}")));
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger("io.github.resilience4j"),
                (Logger) LoggerFactory.getLogger("dev.devora"));
        List<Level> levels = new ArrayList<>();
        for (Logger logger : loggers) {
            levels.add(logger.getLevel());
            logger.setLevel(Level.DEBUG);
            logger.addAppender(captured);
        }
        try {
            OpenRouterProvider provider = defaultsProvider();
            for (int call = 0; call < 6; call++) { // 5 failed calls open the breaker, the 6th is refused
                catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt("hi")));
            }
            assertThat(provider.isCircuitOpen(A)).isTrue();
            advance(Duration.ofSeconds(31));
            catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt("hi"))); // failed probe
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).detachAppender(captured);
                loggers.get(i).setLevel(levels.get(i));
            }
        }

        assertThat(captured.list).filteredOn(e -> e.getLoggerName().startsWith("io.github.resilience4j"))
                .as("resilience4j did log at debug").isNotEmpty();
        assertThat(captured.list).allSatisfy(e -> {
            String text = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(text).as("%s %s", e.getLevel(), e.getLoggerName()).doesNotContain(message).doesNotContain(raw);
        });
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
