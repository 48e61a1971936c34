package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long the server asked the client to wait, in this order: {@code retry-after-ms} (milliseconds),
 * {@code Retry-After} (seconds, possibly fractional, or an HTTP date), OpenRouter's
 * {@code error.availability.retry_after} (seconds), then the rate-limit reset time
 * ({@code X-RateLimit-Reset} header or {@code error.metadata.headers}, epoch milliseconds or seconds).
 * Unparseable or negative values are ignored.
 *
 * <pre>{@code
 * Optional<Duration> wait = RetryAfterParser.parse(response.headers(), errorNode, clock);
 * }</pre>
 */
public final class RetryAfterParser {
    private RetryAfterParser() {
    }

    public static Optional<Duration> parse(HttpHeaders headers, JsonNode error, Clock clock) {
        if (headers != null) {
            Optional<Duration> ms = headers.firstValue("retry-after-ms").flatMap(v -> seconds(v, 0.001));
            if (ms.isPresent()) return ms;
            Optional<String> ra = headers.firstValue("retry-after");
            if (ra.isPresent()) {
                Optional<Duration> d = seconds(ra.get(), 1).or(() -> httpDate(ra.get(), clock));
                if (d.isPresent()) return d;
            }
        }
        JsonNode availability = Json.object(error, "availability");
        if (availability != null) {
            Optional<Duration> d = Optional.ofNullable(Json.text(availability, "retry_after")).flatMap(v -> seconds(v, 1));
            if (d.isPresent()) return d;
        }
        String reset = headers == null ? null : headers.firstValue("x-ratelimit-reset").orElse(null);
        if (reset == null) {
            JsonNode metaHeaders = Json.object(Json.object(error, "metadata"), "headers");
            if (metaHeaders != null) {
                for (var e : metaHeaders.properties()) {
                    if (e.getKey().equalsIgnoreCase("x-ratelimit-reset")) {
                        reset = Json.render(e.getValue());
                        break;
                    }
                }
            }
        }
        return reset == null ? Optional.empty() : epochReset(reset, clock);
    }

    /** A non-negative decimal number of units ({@code 1} = seconds, {@code 0.001} = milliseconds). */
    static Optional<Duration> seconds(String value, double unitSeconds) {
        try {
            double v = Double.parseDouble(value.trim());
            if (!(v >= 0) || Double.isInfinite(v)) return Optional.empty();
            return Optional.of(Duration.ofMillis(Math.round(v * unitSeconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Duration> httpDate(String value, Clock clock) {
        try {
            Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Optional<Duration> epochReset(String value, Clock clock) {
        try {
            long v = Long.parseLong(value.trim());
            long resetMs = v < 100_000_000_000L ? v * 1000 : v; // seconds before ~1973 in ms means it was seconds
            long delta = resetMs - clock.millis();
            return delta > 0 ? Optional.of(Duration.ofMillis(delta)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
