package dev.devora.orchestration.openrouter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.testing.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/** The sentinel key must never appear in logs, exception messages or any toString(), on any path. */
class SecurityTest extends WireMockTestBase {
    /** Every log of the test (dev.devora at its configured DEBUG, resilience4j at TRACE), kept off the console. */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();
    final List<String> texts = new ArrayList<>();
    final Logger resilience4j = (Logger) LoggerFactory.getLogger("io.github.resilience4j");

    @BeforeEach
    void traceResilience4j() {
        resilience4j.setLevel(Level.TRACE);
    }

    @AfterEach
    void restoreResilience4j() {
        resilience4j.setLevel(null);
    }

    void record(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        texts.add(w.toString());
        texts.add(String.valueOf(t));
        for (Throwable c = t; c != null; c = c.getCause()) texts.add(String.valueOf(c.getMessage()));
    }

    void run(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            record(e);
        }
    }

    @Test
    void sentinelKey_neverLeaks_acrossSuccessErrorRetryStreamAndCatalogPaths() {
        OpenRouterProvider provider = providerBuilder().appTitle("t").appUrl("https://x.dev")
                .circuitBreaker(CircuitBreakerSettings.builder().minimumCalls(2).windowSize(2).build()).build();
        texts.add(provider.toString());
        texts.add(provider.config().toString());
        texts.add(provider.config().apiKey().toString());

        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR)));
        texts.add(provider.complete(simpleRequest()).toString());
        texts.add(provider.stream(simpleRequest(), texts::add).toString());

        server.resetAll();
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"No auth credentials found\",\"code\":401}}")));
        run(() -> provider.complete(simpleRequest()));
        run(() -> provider.stream(simpleRequest(), texts::add));

        server.resetAll();
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"code\":429,\"message\":\"slow\"}}")));
        run(() -> provider.complete(simpleRequest()));
        server.resetAll();
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(Bodies.ERROR_403_MODERATION)));
        run(() -> provider.complete(simpleRequest()));
        server.resetAll();
        server.stubFor(post(CHAT).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        run(() -> provider.complete(simpleRequest()));
        run(() -> provider.complete(simpleRequest())); // circuit open by now
        server.resetAll();
        server.stubFor(post(CHAT).willReturn(okJson(Bodies.REGULAR).withFixedDelay(1000)));
        run(() -> providerBuilder().requestTimeout(Duration.ofMillis(100)).retry(RetrySettings.NONE).build()
                .complete(simpleRequest()));
        server.resetAll();
        server.stubFor(get("/api/v1/models").willReturn(okJson("{\"data\":[{\"id\":\"a/b\",\"pricing\":{\"prompt\":\"0.1\",\"completion\":\"0.2\"}}]}")));
        server.stubFor(get("/api/v1/key").willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"No auth credentials found\",\"code\":401}}")));
        texts.add(provider.catalog().models().toString());
        texts.add(provider.catalog().toString());
        run(provider::keyInfo);
        run(() -> OpenRouterProvider.builder().apiKey(" ").build());
        run(() -> OpenRouterProvider.builder().apiKey(KEY).baseUrl("https://user:" + KEY + "@openrouter.ai/api/v1").build());

        for (ILoggingEvent event : logs.events()) {
            if (!event.getLoggerName().startsWith("dev.devora") && !event.getLoggerName().startsWith("io.github.resilience4j")) continue;
            texts.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) texts.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        assertThat(logs.events()).as("debug logs were produced").isNotEmpty();
        assertThat(texts).hasSizeGreaterThan(20);
        assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain("SENTINEL").doesNotContain(KEY));
        // the key did go on the wire, in the Authorization header only
        assertThat(server.getAllServeEvents()).allSatisfy(e ->
                assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + KEY));
    }

    @Test
    void plainHttp_isUsedOnlyWhenTheBaseUrlSaysSo() {
        assertThat(OpenRouterProvider.builder().apiKey(KEY).build().config().baseUrl().getScheme()).isEqualTo("https");
        assertThat(OpenRouterProvider.builder().apiKey(KEY).baseUrl("http://localhost:1234/v1").build().config()
                .baseUrl().getScheme()).isEqualTo("http");
    }

    @Test
    void exceptionsCarryNoRequestHeaders() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":500,\"message\":\"boom\"}}")));
        try {
            provider().complete(simpleRequest());
        } catch (ProviderException e) {
            assertThat(e.getMessage()).doesNotContain("Bearer").doesNotContain("Authorization");
            return;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void aServerThatEchoesTheAuthorizationHeader_cannotLeakTheKeyThroughTheException() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/plain")
                .withBody("bad request; you sent Authorization: Bearer " + KEY)));
        server.stubFor(get("/api/v1/models").willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"code\":400,\"message\":\"key " + KEY + " is malformed\"}}")));

        ProviderException e = org.assertj.core.api.Assertions.catchThrowableOfType(ProviderException.class,
                () -> provider().complete(simpleRequest()));
        ProviderException g = org.assertj.core.api.Assertions.catchThrowableOfType(ProviderException.class,
                () -> provider().catalog().models());

        record(e);
        record(g);
        assertThat(e.rawDetail()).hasValue("bad request; you sent Authorization: Bearer [redacted]");
        assertThat(g.providerMessage()).isEqualTo("key [redacted] is malformed");
        assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(KEY));
    }
}
