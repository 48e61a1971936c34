package dev.devora.orchestration.llm;

import java.util.Objects;

/**
 * A secret credential that never shows itself: {@code toString()} prints {@code ApiKey[redacted]}, and only
 * {@link #reveal()} gives the value, for the one place that puts it on the wire.
 *
 * <pre>{@code
 * ApiKey key = ApiKey.of(System.getenv("OPENROUTER_API_KEY"));
 * log.info("using {}", key);                          // using ApiKey[redacted]
 * request.header("Authorization", "Bearer " + key.reveal());
 * }</pre>
 */
public final class ApiKey {
    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /**
     * Wraps a key; rejects null or blank values without echoing them.
     *
     * @param value the secret key; not null or blank
     * @return the wrapped key, whose {@code toString()} is redacted
     * @throws IllegalArgumentException if the value is null or blank (the message does not quote it)
     */
    public static ApiKey of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("API key must not be " + (value == null ? "null" : "blank"));
        }
        return new ApiKey(value.strip());
    }

    /**
     * The secret value. Use it only to authenticate a request.
     *
     * @return the key in clear text
     */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
