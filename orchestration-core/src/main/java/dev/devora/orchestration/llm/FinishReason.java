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
    STOP, LENGTH, TOOL_CALLS, CONTENT_FILTER, ERROR, UNKNOWN;

    /** Maps a wire value ({@code "stop"}, {@code "tool_calls"}…) to a reason; null or unknown gives {@link #UNKNOWN}. */
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
