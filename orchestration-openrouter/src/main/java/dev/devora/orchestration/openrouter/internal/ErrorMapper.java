package dev.devora.orchestration.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.openrouter.ModerationException;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The one place where OpenRouter failures become {@link ProviderException}s: HTTP error statuses, errors inside a
 * 200 body (top level, in a choice, or in a stream chunk), I/O failures, timeouts and unreadable bodies. It keeps
 * OpenRouter's message, {@code metadata.provider_name}, {@code metadata.raw} (often where the real reason is),
 * the moderation reasons and the requested retry delay. It never puts request headers in a message. What a server
 * sends back may echo them: callers hand it bodies already redacted by {@link KeyRedactor} (a non-JSON body is cut
 * to 500 characters here, and a cut must not keep part of the key) and redact the exceptions it returns.
 *
 * <pre>{@code
 * throw ErrorMapper.fromHttp(429, headers, body, "openai/gpt-4o", clock);
 * }</pre>
 */
public final class ErrorMapper {
    private static final Pattern CONTEXT_LENGTH = Pattern.compile(
            "context[ _-]?(length|window)|maximum context|too many tokens|prompt is too long|reduce the length",
            Pattern.CASE_INSENSITIVE);

    private ErrorMapper() {
    }

    /** An HTTP status ≥ 400 with its body (JSON envelope or anything else), already redacted of the key. */
    public static ProviderException fromHttp(int status, HttpHeaders headers, byte[] body, String model, Clock clock) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        JsonNode error = null;
        try {
            JsonNode root = text.isBlank() ? null : Json.parse(text.strip());
            error = root == null ? null : Json.object(root, "error");
        } catch (IOException notJson) {
            // keep error null: the body is not JSON (an HTML page from a proxy, a truncated body…)
        }
        if (error == null) {
            ProviderErrorKind kind = kindForStatus(status, null, "");
            return builder(kind, "HTTP " + status + (text.isBlank() ? " with an empty body" : ""), model)
                    .httpStatus(status)
                    .rawDetail(text.isBlank() ? null : abbreviate(text.strip(), 500))
                    .retryAfter(RetryAfterParser.parse(headers, null, clock).orElse(null))
                    .requestId(headers == null ? null : headers.firstValue("x-generation-id").orElse(null))
                    .retriable(shouldRetry(headers, kind.retriableByDefault()))
                    .build();
        }
        return fromError(error, status, headers, model, null, null, null, clock);
    }

    /**
     * An OpenRouter error object ({@code {"code","message","metadata",…}}), from an HTTP error body, a 200 body,
     * a choice or a stream chunk.
     *
     * @param httpStatus the HTTP status when it is an error status; null for errors carried inside a 200
     * @param upstream   the upstream provider named by the surrounding response, used when the error names none
     * @param partial    text produced before the failure; or null
     */
    public static ProviderException fromError(JsonNode error, Integer httpStatus, HttpHeaders headers, String model,
                                              String requestId, String upstream, String partial, Clock clock) {
        JsonNode metadata = Json.object(error, "metadata");
        String message = Json.text(error, "message");
        String errorType = firstNonNull(Json.text(error, "error_type"), Json.text(metadata, "error_type"));
        Integer status = httpStatus;
        JsonNode code = error.get("code");
        if (status == null && code != null && code.canConvertToInt() && code.isNumber()) status = code.asInt();
        if (status == null && code != null && code.isTextual() && code.asText().matches("\\d{3}")) {
            status = Integer.parseInt(code.asText());
        }
        if (status == null && error.has("http_status") && error.get("http_status").canConvertToInt()) {
            status = error.get("http_status").asInt();
        }
        String textCode = code != null && code.isTextual() ? code.asText() : null;
        ProviderErrorKind kind = kindForStatus(status, firstNonNull(errorType, textCode), message);

        String provider = firstNonNull(Json.text(metadata, "provider_name"), upstream);
        String raw = Json.render(metadata == null ? null : metadata.get("raw"));
        List<String> reasons = strings(Json.array(metadata, "reasons"));
        String flagged = Json.text(metadata, "flagged_input");
        if (kind == ProviderErrorKind.MODERATION && reasons.isEmpty() && flagged == null
                && Json.array(metadata, "patterns") == null && !"content_policy_violation".equalsIgnoreCase(errorType)) {
            kind = ProviderErrorKind.PERMISSION_DENIED; // a 403 that names no flagged content: guardrail or permission
        }
        if (raw == null && kind == ProviderErrorKind.MODERATION && (!reasons.isEmpty() || flagged != null)) {
            raw = "reasons: " + reasons + (flagged == null ? "" : "; flagged input: \"" + flagged + "\"");
        }
        if (raw == null && (errorType != null || Json.text(metadata, "provider_code") != null || textCode != null)) {
            raw = detail(errorType, textCode, Json.text(metadata, "provider_code"));
        }
        if (message == null || message.isBlank()) message = kind.description();
        boolean retriable = kind.retriableByDefault();
        JsonNode availability = Json.object(error, "availability");
        if (availability != null && availability.has("retryable") && availability.get("retryable").isBoolean()) {
            retriable = availability.get("retryable").asBoolean();
        }
        retriable = shouldRetry(headers, retriable);
        Duration retryAfter = RetryAfterParser.parse(headers, error, clock).orElse(null);
        if (requestId == null && headers != null) requestId = headers.firstValue("x-generation-id").orElse(null);

        ProviderException.Builder b = builder(kind, message, model)
                .upstreamProvider(provider)
                .rawDetail(raw)
                .retryAfter(retryAfter)
                .requestId(requestId)
                .partialText(partial == null || partial.isEmpty() ? null : partial)
                .retriable(retriable);
        if (status != null) b.httpStatus(status);
        if (kind == ProviderErrorKind.MODERATION) return new ModerationException(b, reasons, flagged);
        return b.build();
    }

    /** A 200 body that cannot be used: not JSON, truncated, no choices… Retriable by default. */
    public static ProviderException malformed(String why, String model, String requestId, String partial,
                                              Throwable cause) {
        return builder(ProviderErrorKind.MALFORMED_RESPONSE, why, model)
                .requestId(requestId)
                .partialText(partial == null || partial.isEmpty() ? null : partial)
                .cause(safeCause(cause))
                .build();
    }

    /** An I/O failure (connection refused or reset, stream cut). Retriable. */
    public static ProviderException network(IOException e, String model, String partial) {
        String what = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return builder(ProviderErrorKind.NETWORK, "I/O error: " + what, model)
                .partialText(partial == null || partial.isEmpty() ? null : partial)
                .cause(e)
                .build();
    }

    /** The connect or request timeout elapsed. Retriable. */
    public static ProviderException timeout(Duration limit, String model, String partial, Throwable cause) {
        return builder(ProviderErrorKind.TIMEOUT, "no complete answer within " + human(limit), model)
                .partialText(partial == null || partial.isEmpty() ? null : partial)
                .cause(cause)
                .build();
    }

    /**
     * A copy of {@code e} with another retriability and, unless null, a note appended to its
     * {@link ProviderException#getMessage() message} (else the note {@code e} has, if any);
     * {@link ProviderException#providerMessage()} stays the provider's own. (A {@link ModerationException} keeps
     * its type and has no room for the note.)
     */
    public static ProviderException rebuild(ProviderException e, boolean retriable, String note) {
        return ProviderExceptionCopy.copy(e, UnaryOperator.identity(), retriable, e.getCause(), note);
    }

    /** Maps a status (or, failing that, an error type or string code) to a kind. */
    static ProviderErrorKind kindForStatus(Integer status, String type, String message) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        boolean contextHint = t.contains("context_length") || t.contains("max_tokens_exceeded")
                || t.contains("token_limit") || (message != null && CONTEXT_LENGTH.matcher(message).find());
        if (status != null) {
            switch (status) {
                case 400: case 413: case 422:
                    return contextHint ? ProviderErrorKind.CONTEXT_LENGTH_EXCEEDED : ProviderErrorKind.INVALID_REQUEST;
                case 401: return ProviderErrorKind.AUTHENTICATION;
                case 402: return ProviderErrorKind.INSUFFICIENT_CREDITS;
                case 403: return ProviderErrorKind.MODERATION;
                case 404: return ProviderErrorKind.NOT_FOUND;
                case 408: case 504: case 524: return ProviderErrorKind.TIMEOUT;
                case 429: return ProviderErrorKind.RATE_LIMITED;
                default:
                    if (status >= 500) return ProviderErrorKind.SERVER_ERROR;
                    if (status == 409) return ProviderErrorKind.SERVER_ERROR;
                    if (status >= 400) return ProviderErrorKind.INVALID_REQUEST;
            }
        }
        if (contextHint) return ProviderErrorKind.CONTEXT_LENGTH_EXCEEDED;
        if (t.contains("rate_limit") || t.contains("rate_limited")) return ProviderErrorKind.RATE_LIMITED;
        if (t.contains("timeout")) return ProviderErrorKind.TIMEOUT;
        if (t.equals("authentication")) return ProviderErrorKind.AUTHENTICATION;
        if (t.equals("payment_required")) return ProviderErrorKind.INSUFFICIENT_CREDITS;
        if (t.equals("permission_denied") || t.equals("content_policy_violation")) return ProviderErrorKind.MODERATION;
        if (t.equals("not_found")) return ProviderErrorKind.NOT_FOUND;
        if (t.startsWith("invalid") || t.equals("unprocessable") || t.equals("payload_too_large")
                || t.equals("string_too_long") || t.equals("precondition_failed")) {
            return ProviderErrorKind.INVALID_REQUEST;
        }
        // an error reported inside a 200 with no usable status: the upstream provider failed
        return ProviderErrorKind.SERVER_ERROR;
    }

    private static boolean shouldRetry(HttpHeaders headers, boolean otherwise) {
        if (headers == null) return otherwise;
        return headers.firstValue("x-should-retry").map(v -> v.equalsIgnoreCase("true") ? Boolean.TRUE
                : v.equalsIgnoreCase("false") ? Boolean.FALSE : null).map(Boolean::booleanValue).orElse(otherwise);
    }

    private static ProviderException.Builder builder(ProviderErrorKind kind, String message, String model) {
        return ProviderException.builder(kind, message).model(model);
    }

    private static String detail(String errorType, String textCode, String providerCode) {
        List<String> parts = new ArrayList<>();
        if (errorType != null) parts.add("error_type=" + errorType);
        if (textCode != null && !textCode.equals(errorType)) parts.add("code=" + textCode);
        if (providerCode != null) parts.add("provider_code=" + providerCode);
        return String.join(", ", parts);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(n -> { if (n.isTextual()) out.add(n.asText()); });
        return out;
    }

    /** Jackson exceptions quote the input; keep only their type and short message. */
    private static Throwable safeCause(Throwable cause) {
        if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
            return new IOException(jpe.getClass().getSimpleName() + ": " + jpe.getOriginalMessage());
        }
        return cause;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
