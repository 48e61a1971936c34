package dev.devora.orchestration;

/**
 * A model kept answering in the wrong shape: the reply was not valid JSON, or did not match the expected schema,
 * even after the bounded re-asks (each re-ask sends the parse error back to the model). Not retriable.
 *
 * <pre>{@code
 * // "Agent 'api-architect' returned invalid JSON after 3 attempts: $.endpoints: required property missing"
 * }</pre>
 */
public class OutputFormatException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /** The model's last reply, as received. */
    private final String lastReply;

    /**
     * Creates the exception.
     *
     * @param message   what was wrong with the reply, naming the agent and the number of attempts
     * @param lastReply the model's last reply, as received; may be null
     */
    public OutputFormatException(String message, String lastReply) {
        super(message, null, false);
        this.lastReply = lastReply;
    }

    /**
     * The model's last reply, as received.
     *
     * @return the reply text; may be null
     */
    public String lastReply() {
        return lastReply;
    }
}
