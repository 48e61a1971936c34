package dev.devora.orchestration;

/**
 * A model's answer was cut off at the output-token cap ({@code FinishReason.LENGTH}) and could not be completed: a
 * text answer was still cut after the agent's bounded continuation calls, or a JSON answer was cut (JSON is never
 * continued, nor sent back for format repair: it was not malformed, only too long). Not retriable: the same call
 * would be cut again.
 *
 * <p>The message names the agent, the step, the model and the cap, and says what to do: raise {@code maxTokens} or
 * {@code maxContinuations}, or split the step into smaller parts. The partial answer is kept for diagnosis but is
 * never part of the message.
 *
 * <pre>{@code
 * // "Agent 'backend-dev' (step 'implement'): its answer was still cut off at the output limit of model
 * //  'openai/gpt-5-mini' (maxTokens 4000) after 3 calls (2 continuations): raise maxTokens or maxContinuations,
 * //  or split the step into smaller parts"
 * result.failure().map(Throwable::getCause)
 *         .filter(OutputTruncatedException.class::isInstance)
 *         .ifPresent(e -> log.warn("cut off: {}", e.getMessage()));
 * }</pre>
 */
public class OutputTruncatedException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /** The agent whose answer was cut. */
    private final String agent;
    /** The model that answered, or null when unknown. */
    private final String model;
    /** The output-token cap the calls were sent with, or null for the model's default cap. */
    private final Integer maxTokens;
    /** The answer as far as it got (all parts joined). */
    private final String partialText;

    /**
     * Creates the exception.
     *
     * @param message     what was cut and what to do, naming the agent, the model and the cap
     * @param agent       the agent's name
     * @param model       the model that answered; may be null
     * @param maxTokens   the output-token cap sent; null for the model's default cap
     * @param partialText the answer as far as it got; may be null
     */
    public OutputTruncatedException(String message, String agent, String model, Integer maxTokens, String partialText) {
        super(message, null, false);
        this.agent = agent;
        this.model = model;
        this.maxTokens = maxTokens;
        this.partialText = partialText == null ? "" : partialText;
    }

    /**
     * The agent whose answer was cut.
     *
     * @return the agent's name
     */
    public String agent() {
        return agent;
    }

    /**
     * The model that answered.
     *
     * @return the model id; may be null
     */
    public String model() {
        return model;
    }

    /**
     * The output-token cap the calls were sent with.
     *
     * @return the cap; null when none was set (the model's default cap)
     */
    public Integer maxTokens() {
        return maxTokens;
    }

    /**
     * The answer as far as it got, every part joined.
     *
     * @return the partial text; "" when none
     */
    public String partialText() {
        return partialText;
    }
}
