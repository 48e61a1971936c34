package dev.devora.orchestration.llm;

/**
 * What kind of failure a model provider reported, and whether it is worth retrying by default.
 *
 * <pre>{@code
 * throw ProviderException.builder(ProviderErrorKind.RATE_LIMITED, "rate limited")
 *         .httpStatus(429).model("openai/gpt-5-mini").retryAfter(Duration.ofSeconds(20)).build();
 * }</pre>
 */
public enum ProviderErrorKind {
    /** 400/413/422: the request itself is wrong. */
    INVALID_REQUEST("invalid request", false),
    /** The prompt does not fit the model's context window. */
    CONTEXT_LENGTH_EXCEEDED("context length exceeded", false),
    /** 401: missing or invalid API key. */
    AUTHENTICATION("authentication failed", false),
    /** 402: no credit left. */
    INSUFFICIENT_CREDITS("insufficient credits", false),
    /** 403: the input was flagged by moderation. */
    MODERATION("flagged by moderation", false),
    /** 403 without moderation detail: the key may not use this model, region or feature (guardrails, permissions). */
    PERMISSION_DENIED("permission denied", false),
    /** 404: unknown model or endpoint. */
    NOT_FOUND("not found", false),
    /** 408/524 or a client-side timeout. */
    TIMEOUT("timed out", true),
    /** 429. */
    RATE_LIMITED("rate limited", true),
    /** 5xx, 529, or a provider error reported inside a 200 response. */
    SERVER_ERROR("server error", true),
    /** I/O failure: connection refused or reset, truncated body. */
    NETWORK("network error", true),
    /** A 200 response that cannot be understood (malformed JSON, no choices). */
    MALFORMED_RESPONSE("malformed response", true),
    /** The client-side circuit breaker for this model is open. */
    CIRCUIT_OPEN("circuit open", true),
    /** Anything else. */
    UNKNOWN("error", false);

    private final String description;
    private final boolean retriableByDefault;

    ProviderErrorKind(String description, boolean retriableByDefault) {
        this.description = description;
        this.retriableByDefault = retriableByDefault;
    }

    /**
     * A short lower-case phrase, e.g. {@code "rate limited"}.
     *
     * @return the description, used in exception messages
     */
    public String description() {
        return description;
    }

    /**
     * Whether an error of this kind is retried unless the provider says otherwise.
     *
     * @return true if the engine retries a step failing with this kind by default
     */
    public boolean retriableByDefault() {
        return retriableByDefault;
    }
}
