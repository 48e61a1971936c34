package dev.devora.orchestration.llm;

import java.util.Locale;

/**
 * Why the model stopped, normalised across providers (the raw value is in {@link LlmResponse#nativeFinishReason()}).
 *
 * <pre>{@code
 * if (response.finishReason() == FinishReason.LENGTH) { ... raise maxTokens ... }
 * }</pre>
 */
public enum FinishReason {
    /** The model finished its answer or hit a stop sequence. */
    STOP,
    /** The answer was cut at the token limit ({@code maxTokens}). */
    LENGTH,
    /** The model stopped to call tools. */
    TOOL_CALLS,
    /** The provider's content filter withheld or cut the answer. */
    CONTENT_FILTER,
    /** The provider reported an error while generating. */
    ERROR,
    /** The provider gave no reason, or one not known here. */
    UNKNOWN;

    /**
     * Maps a wire value ({@code "stop"}, {@code "tool_calls"}…) to a reason; null or unknown gives {@link #UNKNOWN}.
     *
     * @param value the provider's finish reason, any case; may be null
     * @return the normalised reason, never null
     */
    public static FinishReason fromWire(String value) {
        if (value == null) return UNKNOWN;
        switch (value.toLowerCase(Locale.ROOT)) {
            case "stop": case "end_turn": case "stop_sequence": return STOP;
            case "length": case "max_tokens": return LENGTH;
            case "tool_calls": case "function_call": case "tool_use": return TOOL_CALLS;
            case "content_filter": return CONTENT_FILTER;
            case "error": return ERROR;
            default: return UNKNOWN;
        }
    }
}
