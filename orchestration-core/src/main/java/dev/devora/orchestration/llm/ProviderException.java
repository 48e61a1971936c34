package dev.devora.orchestration.llm;

import dev.devora.orchestration.OrchestrationException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model provider failed to answer. Carries what is needed to decide and to explain: the {@link ProviderErrorKind},
 * the HTTP status, the provider's own message and raw detail (often where the real reason is), the model and
 * upstream provider involved, the server's requested retry delay and any partial output. Providers map every
 * failure to this type in one place; it never carries secrets.
 *
 * <pre>{@code
 * catch (ProviderException e) {
 *     // "rate limited by openai/gpt-5-mini via OpenAI (HTTP 429): Provider returned error (retry after 20 s)"
 *     e.retryAfter().ifPresent(d -> scheduler.schedule(retry, d));
 * }
 * }</pre>
 */
public class ProviderException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is. */
    private final ProviderErrorKind kind;
    /** The HTTP status of the failed exchange; null when there was none. */
    private final Integer httpStatus;
    /** The provider's own message. */
    private final String providerMessage;
    /** The model that failed; may be null. */
    private final String model;
    /** The upstream provider that failed; may be null. */
    private final String upstreamProvider;
    /** Raw upstream detail; may be null. */
    private final String rawDetail;
    private final transient Duration retryAfter;
    /** Output the model produced before failing; may be null. */
    private final String partialText;
    /** The provider's id of the failed request; may be null. */
    private final String requestId;

    /**
     * Creates the exception from a builder; providers may subclass it.
     *
     * @param b the builder holding the fields
     */
    protected ProviderException(Builder b) {
        super(describe(b), b.cause, b.retriable != null ? b.retriable : b.kind.retriableByDefault());
        this.kind = b.kind;
        this.httpStatus = b.httpStatus;
        this.providerMessage = b.message;
        this.model = b.model;
        this.upstreamProvider = b.upstreamProvider;
        this.rawDetail = b.rawDetail;
        this.retryAfter = b.retryAfter;
        this.partialText = b.partialText;
        this.requestId = b.requestId;
    }

    /**
     * Starts an exception of the given kind with the provider's message.
     *
     * @param kind    what kind of failure it is; its default retriability applies unless overridden
     * @param message the provider's message; may be null
     * @return a builder
     */
    public static Builder builder(ProviderErrorKind kind, String message) {
        return new Builder(kind, message);
    }

    /**
     * What kind of failure this is.
     *
     * @return the kind, never null
     */
    public ProviderErrorKind kind() {
        return kind;
    }

    /**
     * The HTTP status of the failed exchange.
     *
     * @return the status, or empty when the failure had none (e.g. a network error)
     */
    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /**
     * The provider's own message, without the decoration of {@link #getMessage()}.
     *
     * @return the message; may be null
     */
    public String providerMessage() {
        return providerMessage;
    }

    /**
     * The model that failed.
     *
     * @return the model id, or empty when unknown
     */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /**
     * The upstream provider that failed, when the API reports it (e.g. OpenRouter's {@code metadata.provider_name}).
     *
     * @return the upstream provider's name, or empty
     */
    public Optional<String> upstreamProvider() {
        return Optional.ofNullable(upstreamProvider);
    }

    /**
     * Raw upstream detail (e.g. OpenRouter's {@code metadata.raw}).
     *
     * @return the raw detail, or empty
     */
    public Optional<String> rawDetail() {
        return Optional.ofNullable(rawDetail);
    }

    /**
     * How long the server asked the client to wait before retrying.
     *
     * @return the delay asked for, or empty
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Output the model produced before failing, if any.
     *
     * @return the partial output, or empty
     */
    public Optional<String> partialText() {
        return Optional.ofNullable(partialText);
    }

    /**
     * The provider's id of the failed request, for support tickets.
     *
     * @return the request id, or empty
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    private static String describe(Builder b) {
        StringBuilder sb = new StringBuilder(b.kind.description());
        if (b.model != null) sb.append(" by ").append(b.model);
        if (b.upstreamProvider != null) sb.append(" via ").append(b.upstreamProvider);
        if (b.httpStatus != null) sb.append(" (HTTP ").append(b.httpStatus).append(')');
        if (b.message != null && !b.message.isBlank()) sb.append(": ").append(b.message);
        if (b.rawDetail != null && !b.rawDetail.isBlank() && !b.rawDetail.equals(b.message)) {
            String raw = b.rawDetail.length() > 300 ? b.rawDetail.substring(0, 300) + "…" : b.rawDetail;
            sb.append(" [").append(raw).append(']');
        }
        if (b.retryAfter != null) {
            long ms = b.retryAfter.toMillis();
            sb.append(" (retry after ").append(ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms").append(')');
        }
        return sb.toString();
    }

    /** Builder for {@link ProviderException}; only kind and message are required. */
    public static final class Builder {
        private final ProviderErrorKind kind;
        private final String message;
        private Integer httpStatus;
        private String model;
        private String upstreamProvider;
        private String rawDetail;
        private Duration retryAfter;
        private String partialText;
        private String requestId;
        private Boolean retriable;
        private Throwable cause;

        private Builder(ProviderErrorKind kind, String message) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.message = message;
        }

        /**
         * The HTTP status of the failed exchange; default none.
         *
         * @param status the status code
         * @return this builder
         */
        public Builder httpStatus(int status) { this.httpStatus = status; return this; }
        /**
         * The model that failed; default null.
         *
         * @param model the model id
         * @return this builder
         */
        public Builder model(String model) { this.model = model; return this; }
        /**
         * The upstream provider that failed; default null.
         *
         * @param name the upstream provider's name
         * @return this builder
         */
        public Builder upstreamProvider(String name) { this.upstreamProvider = name; return this; }
        /**
         * Raw upstream detail (quoted in the message, cut at 300 characters); default null.
         *
         * @param raw the raw detail
         * @return this builder
         */
        public Builder rawDetail(String raw) { this.rawDetail = raw; return this; }
        /**
         * How long the server asked the client to wait before retrying; default null.
         *
         * @param delay the delay
         * @return this builder
         */
        public Builder retryAfter(Duration delay) { this.retryAfter = delay; return this; }
        /**
         * Output the model produced before failing; default null.
         *
         * @param text the partial text
         * @return this builder
         */
        public Builder partialText(String text) { this.partialText = text; return this; }
        /**
         * The provider's id of the failed request; default null.
         *
         * @param id the request id
         * @return this builder
         */
        public Builder requestId(String id) { this.requestId = id; return this; }
        /**
         * Overrides the kind's default retriability (e.g. after the provider exhausted its own retries).
         *
         * @param retriable true if the engine may retry the step
         * @return this builder
         */
        public Builder retriable(boolean retriable) { this.retriable = retriable; return this; }
        /**
         * The underlying failure; default null.
         *
         * @param cause the cause
         * @return this builder
         */
        public Builder cause(Throwable cause) { this.cause = cause; return this; }

        /**
         * Builds the exception.
         *
         * @return the exception, to be thrown
         */
        public ProviderException build() {
            return new ProviderException(this);
        }
    }
}
