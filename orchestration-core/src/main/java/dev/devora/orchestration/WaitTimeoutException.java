package dev.devora.orchestration;

import java.time.Duration;

/**
 * A request the run waited for was not answered in time and its policy was {@code WaitTimeout.fail}: the asking
 * step fails (not retried: waiting again would change nothing).
 *
 * <pre>{@code
 * if (result.failure() instanceof WaitTimeoutException t) notify(t.requestId() + " expired after " + t.after());
 * }</pre>
 */
public class WaitTimeoutException extends OrchestrationException {
    private static final long serialVersionUID = 1L;
    /** The expired request. */
    private final String requestId;
    /** How long it was given. */
    private final transient Duration after;

    /**
     * An expired request.
     *
     * @param requestId the request's id
     * @param after     how long it was given
     */
    public WaitTimeoutException(String requestId, Duration after) {
        super("no answer to request '" + requestId + "' within " + after, null, false);
        this.requestId = requestId;
        this.after = after;
    }

    /**
     * The expired request's id.
     *
     * @return the id
     */
    public String requestId() {
        return requestId;
    }

    /**
     * How long the request was given.
     *
     * @return the duration
     */
    public Duration after() {
        return after;
    }
}
