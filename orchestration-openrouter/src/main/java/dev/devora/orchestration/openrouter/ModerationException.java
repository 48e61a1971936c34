package dev.devora.orchestration.openrouter;

import dev.devora.orchestration.llm.ProviderException;

import java.util.List;

/**
 * HTTP 403: the input was flagged by moderation. Adds OpenRouter's {@code metadata.reasons} and
 * {@code metadata.flagged_input} (at most about 100 characters of the input, the middle elided) to the
 * {@link ProviderException}. Never retriable.
 *
 * <p>Both come from the server; the provider replaces the API key in them (and in every other string the exception
 * keeps) with {@code [redacted]}, wherever it appears. The flagged input is still a quote of <em>your</em> input, so
 * treat it as you treat the prompt: the example logs only the reasons.
 *
 * <pre>{@code
 * catch (ModerationException e) {
 *     log.warn("input flagged for {}", e.reasons());
 *     review.hold(e.flaggedInput());   // shown to whoever may see the prompt
 * }
 * }</pre>
 */
public final class ModerationException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Why the input was flagged; empty when not given. */
    private final List<String> reasons;
    /** The flagged part of the input, the API key redacted; or null. */
    private final String flaggedInput;

    /**
     * Wraps a builder of kind {@code MODERATION} with the moderation details.
     *
     * @param builder      the exception's kind, message and HTTP details
     * @param reasons      why the input was flagged; null for none
     * @param flaggedInput the flagged part of the input, the API key redacted; or null
     */
    public ModerationException(ProviderException.Builder builder, List<String> reasons, String flaggedInput) {
        super(builder);
        this.reasons = reasons == null ? List.of() : List.copyOf(reasons);
        this.flaggedInput = flaggedInput;
    }

    /** {@return why the input was flagged, e.g. {@code ["harassment"]}; empty when not given} */
    public List<String> reasons() {
        return reasons;
    }

    /** {@return the flagged part of the input as OpenRouter quoted it (the API key redacted), or null} */
    public String flaggedInput() {
        return flaggedInput;
    }
}
