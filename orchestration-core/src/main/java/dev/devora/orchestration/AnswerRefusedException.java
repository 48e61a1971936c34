package dev.devora.orchestration;

/**
 * An answer to a waiting run's request was refused and nothing was recorded: the run made no such request, it was
 * answered otherwise already (perhaps at the same time, by another process: the store decides), it expired, the
 * answer is not one the request allows, or another engine is running the run right now (try again). Giving the same answer again is not refused (it is a no-op).
 *
 * <pre>{@code
 * try {
 *     engine.decide(workflow, runId, requestId, Decision.approve());
 * } catch (AnswerRefusedException e) {
 *     if (e.reason() == AnswerRefusedException.Reason.ANSWERED_OTHERWISE) showCurrentState(runId);
 * }
 * }</pre>
 */
public class AnswerRefusedException extends OrchestrationException {
    /** Why an answer was refused. */
    public enum Reason {
        /** The run made no request with that id. */
        NO_SUCH_REQUEST,
        /** The request has another answer already. */
        ANSWERED_OTHERWISE,
        /** The request expired (its timeout failed the step or gave the default answer). */
        EXPIRED,
        /** The answer is not one the request allows (e.g. an edit where only approve and reject are allowed). */
        NOT_ALLOWED,
        /**
         * The run is running in another engine (another process), which writes its journal: answer again once it
         * waits (a run whose process died while running it must be resumed first).
         */
        RUNNING_ELSEWHERE,
        /** The run has ended (it was cancelled while it waited, or failed in another branch): it takes no answer. */
        RUN_ENDED
    }

    private static final long serialVersionUID = 1L;
    /** Why it was refused. */
    private final Reason reason;
    /** The run answered. */
    private final String runId;
    /** The request answered. */
    private final String requestId;

    /**
     * A refused answer.
     *
     * @param reason    why
     * @param runId     the run
     * @param requestId the request
     * @param message   what to tell the one who answered
     */
    public AnswerRefusedException(Reason reason, String runId, String requestId, String message) {
        super(message, null, false);
        this.reason = reason;
        this.runId = runId;
        this.requestId = requestId;
    }

    /**
     * Why the answer was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The run the answer was for.
     *
     * @return its id
     */
    public String runId() {
        return runId;
    }

    /**
     * The request the answer was for.
     *
     * @return its id
     */
    public String requestId() {
        return requestId;
    }
}
