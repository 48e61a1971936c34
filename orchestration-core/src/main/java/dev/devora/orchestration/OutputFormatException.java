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

    private final String lastReply;

    public OutputFormatException(String message, String lastReply) {
        super(message, null, false);
        this.lastReply = lastReply;
    }

    /** The model's last reply, as received. */
    public String lastReply() {
        return lastReply;
    }
}
