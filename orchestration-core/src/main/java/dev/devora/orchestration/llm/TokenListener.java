package dev.devora.orchestration.llm;

/**
 * Receives streamed text as a model produces it. Called on the streaming thread: must be fast, must not throw.
 *
 * <pre>{@code
 * llm.stream(request, token -> System.out.print(token));
 * }</pre>
 */
@FunctionalInterface
public interface TokenListener {
    /** Ignores every token. */
    TokenListener NONE = token -> { };

    /**
     * Receives the next piece of text, on the calling thread; must be fast and must not throw.
     *
     * @param token the text, as the provider sent it
     */
    void onToken(String token);
}
