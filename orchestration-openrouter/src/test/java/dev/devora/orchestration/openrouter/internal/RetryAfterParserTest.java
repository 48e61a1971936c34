package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterParserTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    static HttpHeaders headers(String... kv) {
        Map<String, List<String>> map = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < kv.length; i += 2) map.put(kv[i], List.of(kv[i + 1]));
        return HttpHeaders.of(map, (a, b) -> true);
    }

    @Test
    void retryAfterSeconds_fractionalSeconds_andMilliseconds() {
        assertThat(RetryAfterParser.parse(headers("Retry-After", "20"), null, CLOCK)).hasValue(Duration.ofSeconds(20));
        assertThat(RetryAfterParser.parse(headers("Retry-After", "1.5"), null, CLOCK)).hasValue(Duration.ofMillis(1500));
        assertThat(RetryAfterParser.parse(headers("retry-after-ms", "250", "Retry-After", "9"), null, CLOCK))
                .hasValue(Duration.ofMillis(250));
    }

    @Test
    void retryAfterHttpDate_isRelativeToTheClock_andNeverNegative() {
        assertThat(RetryAfterParser.parse(headers("Retry-After", "Sun, 22 Nov 2026 10:00:30 GMT"), null, CLOCK))
                .hasValue(Duration.ofSeconds(30));
        assertThat(RetryAfterParser.parse(headers("Retry-After", "Sun, 22 Nov 2026 09:00:00 GMT"), null, CLOCK))
                .hasValue(Duration.ZERO);
    }

    @Test
    void availabilityRetryAfter_andRateLimitReset_areUsedWhenNoHeaderSaysSo() throws Exception {
        JsonNode availability = Json.parse("{\"availability\":{\"retry_after\":40}}");
        JsonNode reset = Json.parse("{\"metadata\":{\"headers\":{\"X-RateLimit-Reset\":\"" + (CLOCK.millis() + 5000) + "\"}}}");
        JsonNode resetSeconds = Json.parse("{\"metadata\":{\"headers\":{\"x-ratelimit-reset\":" + (CLOCK.millis() / 1000 + 7) + "}}}");

        assertThat(RetryAfterParser.parse(headers(), availability, CLOCK)).hasValue(Duration.ofSeconds(40));
        assertThat(RetryAfterParser.parse(headers(), reset, CLOCK)).hasValue(Duration.ofSeconds(5));
        assertThat(RetryAfterParser.parse(headers(), resetSeconds, CLOCK)).hasValue(Duration.ofSeconds(7));
    }

    @Test
    void garbageAndNegativeValues_areIgnored() {
        assertThat(RetryAfterParser.parse(headers("Retry-After", "soon"), null, CLOCK)).isEmpty();
        assertThat(RetryAfterParser.parse(headers("Retry-After", "-3"), null, CLOCK)).isEmpty();
        assertThat(RetryAfterParser.parse(headers("retry-after-ms", "NaN"), null, CLOCK)).isEmpty();
        assertThat(RetryAfterParser.parse(null, null, CLOCK)).isEmpty();
    }
}
