package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ErrorStatusTest extends WireMockTestBase {

    ProviderException failWith(int status, String body, String... headers) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
        for (int i = 0; i < headers.length; i += 2) response = response.withHeader(headers[i], headers[i + 1]);
        server.stubFor(post(CHAT).willReturn(response));
        return catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().retry(RetrySettings.NONE).build().complete(simpleRequest()));
    }

    @ParameterizedTest(name = "HTTP {0} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            400 | {"error":{"code":400,"message":"Invalid request parameters"}}                                                     | INVALID_REQUEST         | false | Invalid request parameters
            400 | {"error":{"code":400,"message":"This endpoint's maximum context length is 8192 tokens. However, you requested 9000"}} | CONTEXT_LENGTH_EXCEEDED | false | maximum context length
            401 | {"error":{"message":"No auth credentials found","code":401}}                                                     | AUTHENTICATION          | false | No auth credentials found
            402 | {"error":{"code":402,"message":"Insufficient credits. Add more using https://openrouter.ai/credits"},"user_id":"user_2"} | INSUFFICIENT_CREDITS | false | Insufficient credits
            403 | {"error":{"code":403,"message":"Request blocked: prompt injection patterns detected","metadata":{"patterns":["ignore all previous instructions"]}}} | MODERATION | false | prompt injection
            403 | {"error":{"code":403,"message":"This key is not allowed to use this model"}}                                      | PERMISSION_DENIED       | false | not allowed to use this model
            404 | {"error":{"message":"No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing","code":404}} | NOT_FOUND | false | No endpoints found
            408 | {"error":{"code":408,"message":"Operation timed out. Please try again later."}}                                  | TIMEOUT                 | true  | Operation timed out
            413 | {"error":{"code":413,"message":"Payload too large"}}                                                             | INVALID_REQUEST         | false | Payload too large
            422 | {"error":{"code":422,"message":"Unprocessable","metadata":{"error_type":"context_length_exceeded"}}}              | CONTEXT_LENGTH_EXCEEDED | false | Unprocessable
            429 | {"error":{"code":429,"message":"Rate limit exceeded"}}                                                           | RATE_LIMITED            | true  | Rate limit exceeded
            500 | {"error":{"code":500,"message":"Internal Server Error"}}                                                         | SERVER_ERROR            | true  | Internal Server Error
            502 | {"error":{"message":"Provider returned error","code":502}}                                                       | SERVER_ERROR            | true  | Provider returned error
            503 | {"error":{"code":503,"message":"Service temporarily unavailable"}}                                               | SERVER_ERROR            | true  | Service temporarily unavailable
            524 | {"error":{"code":524,"message":"A timeout occurred"}}                                                            | TIMEOUT                 | true  | A timeout occurred
            529 | {"error":{"code":529,"message":"Provider overloaded"}}                                                           | SERVER_ERROR            | true  | Provider overloaded
            """)
    void everyStatus_mapsToTheCoreKind_withStatusAndMessage(int status, String body, ProviderErrorKind kind,
                                                          boolean retriable, String message) {
        ProviderException e = failWith(status, body);

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.httpStatus()).hasValue(status);
        assertThat(e.isRetriable()).isEqualTo(retriable);
        assertThat(e.getMessage()).contains(message).contains("HTTP " + status).contains("openai/gpt-4o-mini");
    }

    @Test
    void http502_keepsProviderNameAndRaw_whichHoldTheRealReason() {
        ProviderException e = failWith(502, Bodies.ERROR_502_RAW);

        assertThat(e.upstreamProvider()).hasValue("Google AI Studio");
        assertThat(e.rawDetail()).get().asString().contains("An internal error has occurred", "INTERNAL");
        assertThat(e.getMessage()).contains("via Google AI Studio", "An internal error has occurred");
    }

    @Test
    void http403Moderation_carriesReasonsAndFlaggedInput() {
        ProviderException e = failWith(403, Bodies.ERROR_403_MODERATION);

        assertThat(e).isInstanceOf(ModerationException.class);
        ModerationException m = (ModerationException) e;
        assertThat(m.reasons()).containsExactly("harassment");
        assertThat(m.flaggedInput()).isEqualTo("you are a...idiot");
        assertThat(m.upstreamProvider()).hasValue("OpenAI");
        assertThat(m.getMessage()).contains("flagged for \"harassment\"", "reasons: [harassment]", "you are a...idiot");
        assertThat(m.isRetriable()).isFalse();
    }

    @Test
    void http429_withRetryAfterSeconds_reportsTheDelay() {
        ProviderException e = failWith(429, "{\"error\":{\"code\":429,\"message\":\"slow down\"}}", "Retry-After", "20");

        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(20));
        assertThat(e.getMessage()).contains("retry after 20 s");
    }

    @Test
    void http503_withRetryAfterAsHttpDate_reportsTheDelay() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));

        ProviderException e = failWith(503, "{\"error\":{\"code\":503,\"message\":\"busy\"}}", "Retry-After", date);

        assertThat(e.retryAfter()).get().satisfies(d ->
                assertThat(d).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(31)));
    }

    @Test
    void retryAfterMs_takesPrecedenceOverRetryAfter() {
        ProviderException e = failWith(429, "{\"error\":{\"code\":429,\"message\":\"x\"}}",
                "retry-after-ms", "1500", "Retry-After", "9");

        assertThat(e.retryAfter()).hasValue(Duration.ofMillis(1500));
    }

    @Test
    void http429_platformLimit_readsTheResetFromMetadataHeaders() {
        long reset = System.currentTimeMillis() + 12_000;

        ProviderException e = failWith(429, Bodies.ERROR_429_PLATFORM.formatted(reset));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.RATE_LIMITED);
        assertThat(e.providerMessage()).startsWith("Rate limit exceeded: free-models-per-min.");
        assertThat(e.upstreamProvider()).isEmpty();
        assertThat(e.retryAfter()).get().satisfies(d ->
                assertThat(d).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(13)));
    }

    @Test
    void http429_withXRateLimitResetHeader_readsTheReset() {
        long reset = System.currentTimeMillis() + 5_000;

        ProviderException e = failWith(429, "{\"error\":{\"code\":429,\"message\":\"x\"}}",
                "X-RateLimit-Limit", "20", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(reset));

        assertThat(e.retryAfter()).get().satisfies(d ->
                assertThat(d).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6)));
    }

    @Test
    void availabilityError_withoutCode_usesHttpStatusAndRetryAfter() {
        ProviderException e = failWith(429, Bodies.ERROR_429_AVAILABILITY);

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(40));
        assertThat(e.providerMessage()).contains("All providers for anthropic/claude-sonnet-4.5 are at capacity");
    }

    @Test
    void availabilityNotRetryable_makesTheErrorNonRetriable() {
        ProviderException e = failWith(503, """
                {"error":{"message":"No capacity","error_type":"provider_unavailable","http_status":503,"availability":{"retryable":false}}}""");

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.SERVER_ERROR);
        assertThat(e.isRetriable()).isFalse();
    }

    @Test
    void xShouldRetryFalse_isObeyed() {
        ProviderException e = failWith(500, "{\"error\":{\"code\":500,\"message\":\"x\"}}", "x-should-retry", "false");

        assertThat(e.isRetriable()).isFalse();
    }

    @Test
    void nonJsonErrorBody_fromAProxy_keepsAnExcerpt() {
        server.stubFor(post(CHAT).willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Bad gateway</body></html>")));

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> providerBuilder().retry(RetrySettings.NONE).build().complete(simpleRequest()));

        assertThat(e.kind()).isEqualTo(ProviderErrorKind.SERVER_ERROR);
        assertThat(e.rawDetail()).hasValue("<html><body>Bad gateway</body></html>");
    }

    @Test
    void generationIdHeader_isKeptAsRequestId() {
        ProviderException e = failWith(500, "{\"error\":{\"code\":500,\"message\":\"x\"}}", "X-Generation-Id", "gen-42");

        assertThat(e.requestId()).hasValue("gen-42");
    }
}
