package dev.devora.orchestration.internal;

import dev.devora.orchestration.llm.ProviderException;

/**
 * A run's failure as a log line may show it: its message, except that a provider's failure (also as the cause of a
 * step's failure) is named by its kind, model, upstream provider and HTTP status only. The provider's message and
 * raw detail, which may quote an upstream body, stay in the failure the run returns and never reach a log.
 *
 * <pre>{@code
 * log.info("run {} FAILED: {}", id, LoggedFailure.describe(failure));
 * // run 1bf2… FAILED: Step 'draft' failed after 1 attempt: server error by m/x (HTTP 502) (the provider's message is in the run's failure)
 * }</pre>
 */
final class LoggedFailure {
    private LoggedFailure() {
    }

    /** {@code failure} described without a provider's message or raw detail. */
    static String describe(Throwable failure) {
        String text = withoutProviderText(failure);
        return text.equals(failure.getMessage()) ? text : text + " (the provider's message is in the run's failure)";
    }

    /**
     * The message of {@code t} with the message of the provider failure in its cause chain replaced by its kind,
     * model, upstream provider and status; wrappers keep their own words (they end with their cause's message).
     */
    private static String withoutProviderText(Throwable t) {
        if (t instanceof ProviderException p) return named(p);
        String message = String.valueOf(t.getMessage());
        Throwable cause = t.getCause();
        if (cause == null || cause == t) return message;
        String causeMessage = cause.getMessage();
        String causeText = withoutProviderText(cause);
        if (causeMessage == null || causeText.equals(causeMessage) || !message.endsWith(causeMessage)) return message;
        return message.substring(0, message.length() - causeMessage.length()) + causeText;
    }

    private static String named(ProviderException p) {
        StringBuilder sb = new StringBuilder(p.kind().description());
        p.model().ifPresent(m -> sb.append(" by ").append(m));
        p.upstreamProvider().ifPresent(u -> sb.append(" via ").append(u));
        p.httpStatus().ifPresent(s -> sb.append(" (HTTP ").append(s).append(')'));
        return sb.toString();
    }
}
