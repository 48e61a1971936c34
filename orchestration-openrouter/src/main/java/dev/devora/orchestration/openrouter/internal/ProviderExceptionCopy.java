package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.openrouter.ModerationException;

import java.util.function.UnaryOperator;

/**
 * The one place that copies a {@link ProviderException} field by field, so that a field added to it is copied (and
 * redacted) wherever a failure is rebuilt: {@link ErrorMapper#rebuild} (another retriability, a note) and
 * {@link KeyRedactor#redact(ProviderException)} (the key replaced). Every string the exception keeps passes through
 * one mapping; the kind, status, retry delay and stack trace are kept, and so is the type: a
 * {@link ModerationException} stays one (its reasons and flagged input mapped too), a {@link NotedProviderException}
 * keeps its note unless it is given another.
 *
 * <pre>{@code
 * ProviderException scrubbed = ProviderExceptionCopy.copy(e, redactor::redact, e.isRetriable(), e.getCause(), null);
 * }</pre>
 */
final class ProviderExceptionCopy {
    private ProviderExceptionCopy() {
    }

    /**
     * A copy of {@code e}.
     *
     * @param e         the exception to copy
     * @param text      applied to every string {@code e} keeps (message, model, upstream provider, raw detail, partial
     *                  text, request id, moderation reasons and flagged input, note); {@code null} is never passed
     * @param retriable the copy's retriability
     * @param cause     the copy's cause
     * @param note      a note to append to the copy's {@link ProviderException#getMessage() message}, or null to keep
     *                  that of {@code e}, if any (a {@link ModerationException} has no room for one)
     * @return the copy, of the type of {@code e}
     */
    static ProviderException copy(ProviderException e, UnaryOperator<String> text, boolean retriable, Throwable cause,
                                  String note) {
        UnaryOperator<String> strings = s -> s == null ? null : text.apply(s);
        ProviderException.Builder b = ProviderException.builder(e.kind(), strings.apply(e.providerMessage()))
                .retriable(retriable)
                .cause(cause);
        e.httpStatus().ifPresent(b::httpStatus);
        e.model().map(strings).ifPresent(b::model);
        e.upstreamProvider().map(strings).ifPresent(b::upstreamProvider);
        e.rawDetail().map(strings).ifPresent(b::rawDetail);
        e.retryAfter().ifPresent(b::retryAfter);
        e.partialText().map(strings).ifPresent(b::partialText);
        e.requestId().map(strings).ifPresent(b::requestId);
        String kept = note != null ? note : e instanceof NotedProviderException n ? n.note() : null;
        ProviderException copy;
        if (e instanceof ModerationException m) {
            copy = new ModerationException(b, m.reasons().stream().map(strings).toList(), strings.apply(m.flaggedInput()));
        } else {
            copy = kept == null ? b.build() : new NotedProviderException(b, strings.apply(kept));
        }
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
