package dev.devora.orchestration.llm;

/**
 * The one SPI between the engine and a model API. Implementations are immutable, thread-safe and shared by every
 * run; they are passed in explicitly (there is no global registry).
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #complete} blocks until the whole answer is there and returns it with its usage.</li>
 *   <li>Failures are thrown as {@link ProviderException} with the right {@link ProviderErrorKind}; never a raw
 *       {@code IOException}, {@code NullPointerException} or parser exception.</li>
 *   <li>If the calling thread is interrupted, the in-flight exchange is aborted and
 *       {@link dev.devora.orchestration.InterruptedCallException} is thrown with the interrupt status kept.</li>
 *   <li>Secrets never appear in {@code toString()}, exception messages or logs.</li>
 * </ul>
 *
 * <pre>{@code
 * LlmProvider llm = OpenRouterProvider.builder().apiKey(System.getenv("OPENROUTER_API_KEY")).build();
 * LlmResponse answer = llm.complete(LlmRequest.builder()
 *         .model("openai/gpt-5-mini")
 *         .message(LlmMessage.user("Name three HTTP verbs."))
 *         .build());
 * System.out.println(answer.text() + " (" + answer.usage().totalTokens() + " tokens, " + answer.model() + ")");
 * }</pre>
 */
public interface LlmProvider {

    /**
     * A short name for logs and metrics, e.g. {@code "openrouter"}.
     *
     * @return the provider's name, not null
     */
    String name();

    /**
     * Sends the request and blocks for the complete answer.
     *
     * @param request the request; its {@code attributes} are context, never sent as model input
     * @return the answer with its usage and the model that answered
     * @throws ProviderException for a failure of the provider, typed by its {@link ProviderErrorKind}
     * @throws dev.devora.orchestration.InterruptedCallException if the calling thread is interrupted while waiting
     */
    LlmResponse complete(LlmRequest request);

    /**
     * This provider without its own retries, for a host that retries each call itself (a durable engine's
     * activities, retried by the engine within bounded attempts): one retry owner per layer. The default returns
     * this provider, which does not retry; a provider that retries returns a copy that fails at once with the
     * failure's natural retriability.
     *
     * <pre>{@code
     * LlmProvider forActivities = openRouter.withoutRetries();
     * }</pre>
     *
     * @return a provider that makes one attempt per call
     */
    default LlmProvider withoutRetries() {
        return this;
    }

    /**
     * The price of a model, when the provider knows it (from a catalogue, a price list…), for cost estimates of
     * planned runs. {@code model} null means the provider's default model. The default knows no price. May do I/O
     * (fetching a catalogue) but never calls a model; failures give an empty result.
     *
     * @param model the model id; or null for the provider's default model
     * @return the price per token, or empty when unknown
     */
    default java.util.Optional<ModelPrice> price(String model) {
        return java.util.Optional.empty();
    }

    /**
     * The context window of a model in tokens, when the provider knows it (for example from a model catalogue it
     * has cached), so that prompts that cannot fit are refused before any call. {@code model} null means the
     * provider's default model. The default knows none; the engine then applies its configured default limit.
     * Never calls a model; failures give an empty result.
     *
     * @param model the model id; or null for the provider's default model
     * @return the context window in tokens, or empty when unknown
     */
    default java.util.OptionalInt contextLength(String model) {
        return java.util.OptionalInt.empty();
    }

    /**
     * Sends the request and streams the answer's text to {@code tokens} as it arrives, then returns the assembled
     * answer. The default implementation does not stream: it calls {@link #complete} and delivers the whole text
     * as one token. Tokens arrive on the calling thread; a listener must be fast and must not throw.
     *
     * @param request the request
     * @param tokens  receives each piece of text as it arrives
     * @return the complete answer, as {@link #complete} would return it
     * @throws ProviderException for a failure of the provider, also one in the middle of the stream
     */
    default LlmResponse stream(LlmRequest request, TokenListener tokens) {
        LlmResponse response = complete(request);
        if (response.text() != null && !response.text().isEmpty()) {
            tokens.onToken(response.text());
        }
        return response;
    }
}
