package dev.devora.orchestration;

import java.util.List;

/**
 * Not a failure: the run reached a point where it waits for an answer from outside (a person's decision, a remote
 * agent's callback). The request is journaled, the run's interpretation unwinds (no thread waits) and the run's status
 * becomes {@code WAITING}; answering the request continues it, in this process or in another one on the same store.
 * Agents and gates get it from {@code CallContext.await} and must let it pass.
 *
 * <pre>{@code
 * JsonNode answer = call.context().await("approval", request); // throws RunWaitingException until answered
 * }</pre>
 */
public class RunWaitingException extends OrchestrationException {
    private final transient List<String> requestIds;

    /**
     * A run waiting for the given requests.
     *
     * @param requestIds the ids of the pending requests
     */
    public RunWaitingException(List<String> requestIds) {
        super("the run waits for " + requestIds, null, false);
        this.requestIds = List.copyOf(requestIds);
    }

    /**
     * The pending requests this unwinding was for.
     *
     * @return their ids
     */
    public List<String> requestIds() {
        return requestIds;
    }
}
