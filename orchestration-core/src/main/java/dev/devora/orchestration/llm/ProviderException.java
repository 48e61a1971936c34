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

    private final ProviderErrorKind kind;
    private final Integer httpStatus;
    private final String providerMessage;
    private final String model;
    private final String upstreamProvider;
    private final String rawDetail;
    private final transient Duration retryAfter;
    private final String partialText;
    private final String requestId;

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

    /** Starts an exception of the given kind with the provider's message. */
    public static Builder builder(ProviderErrorKind kind, String message) {
        return new Builder(kind, message);
    }

    public ProviderErrorKind kind() {
        return kind;
    }

    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The provider's own message, without the decoration of {@link #getMessage()}. */
    public String providerMessage() {
        return providerMessage;
    }

    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** The upstream provider that failed, when the API reports it (e.g. OpenRouter's {@code metadata.provider_name}). */
    public Optional<String> upstreamProvider() {
        return Optional.ofNullable(upstreamProvider);
    }

    /** Raw upstream detail (e.g. OpenRouter's {@code metadata.raw}). */
    public Optional<String> rawDetail() {
        return Optional.ofNullable(rawDetail);
    }

    /** How long the server asked the client to wait before retrying. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Output the model produced before failing, if any. */
    public Optional<String> partialText() {
        return Optional.ofNullable(partialText);
    }

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

        public Builder httpStatus(int status) { this.httpStatus = status; return this; }
        public Builder model(String model) { this.model = model; return this; }
        public Builder upstreamProvider(String name) { this.upstreamProvider = name; return this; }
        public Builder rawDetail(String raw) { this.rawDetail = raw; return this; }
        public Builder retryAfter(Duration delay) { this.retryAfter = delay; return this; }
        public Builder partialText(String text) { this.partialText = text; return this; }
        public Builder requestId(String id) { this.requestId = id; return this; }
        /** Overrides the kind's default retriability (e.g. after the provider exhausted its own retries). */
        public Builder retriable(boolean retriable) { this.retriable = retriable; return this; }
        public Builder cause(Throwable cause) { this.cause = cause; return this; }

        public ProviderException build() {
            return new ProviderException(this);
        }
    }
}
