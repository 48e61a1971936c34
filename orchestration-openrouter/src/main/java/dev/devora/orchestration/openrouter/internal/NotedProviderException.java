package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.llm.ProviderException;

/**
 * A {@link ProviderException} whose {@link #getMessage()} ends with a note of the provider's retry layer ("(gave
 * up after 3 attempts)", or that the server asked for a longer delay than the configured limit), while
 * {@link #providerMessage()} stays the provider's own message. Built only by {@link ProviderExceptionCopy}.
 *
 * <pre>{@code
 * ProviderException e = ErrorMapper.rebuild(failure, false, "(gave up after 3 attempts)");
 * e.providerMessage(); // "Provider returned error"
 * e.getMessage();      // "server error by a/x (HTTP 502): Provider returned error (gave up after 3 attempts)"
 * }</pre>
 */
final class NotedProviderException extends ProviderException {
    private static final long serialVersionUID = 1L;

    private final String note;

    NotedProviderException(ProviderException.Builder builder, String note) {
        super(builder);
        this.note = note;
    }

    /** The provider's message as {@link ProviderException} describes it, followed by the note. */
    @Override
    public String getMessage() {
        return super.getMessage() + " " + note;
    }

    /** The note, without the message. */
    String note() {
        return note;
    }
}
