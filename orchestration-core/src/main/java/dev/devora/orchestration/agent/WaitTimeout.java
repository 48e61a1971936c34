package dev.devora.orchestration.agent;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens when a request a run waits for ({@link CallContext#await(String, JsonNode, java.util.function.Consumer,
 * WaitTimeout)}) is not answered in time: the asking step fails ({@link #fail}), goes on with a default answer
 * ({@link #answer}), or keeps waiting while an escalation is reported ({@link #escalate}). The deadline is journaled
 * with the request, so it holds across restarts: the engine that ran the run wakes at it, and an engine opened later
 * on the same store finds it with {@code WorkflowEngine.checkDeadlines()}.
 *
 * <pre>{@code
 * WaitTimeout.fail(Duration.ofHours(4))                                    // the step fails: WaitTimeoutException
 * WaitTimeout.answer(Duration.ofDays(1), Decision.approve().toJson())      // as if the answer came
 * WaitTimeout.escalate(Duration.ofHours(2))                                // WaitTimedOut event, still waiting
 * }</pre>
 *
 * @param after  how long after the request it applies; positive
 * @param action what then
 * @param answer the default answer for {@link Action#ANSWER}; null otherwise
 */
public record WaitTimeout(Duration after, Action action, JsonNode answer) {
    /** What a timeout does. */
    public enum Action {
        /** The asking step fails with {@code WaitTimeoutException} (not retried). */
        FAIL,
        /** The asking step goes on with the default answer. */
        ANSWER,
        /** The run keeps waiting; a {@code WaitTimedOut} event reports that the answer is overdue. */
        ESCALATE
    }

    /**
     * Checks the fields.
     *
     * @param after  how long after the request it applies
     * @param action what then
     * @param answer the default answer, exactly when the action is {@link Action#ANSWER}
     * @throws IllegalArgumentException naming the field when one is missing, not positive or out of place
     */
    public WaitTimeout {
        Objects.requireNonNull(action, "action");
        if (after == null || after.isZero() || after.isNegative()) {
            throw new IllegalArgumentException("WaitTimeout.after must be a positive duration, was " + after);
        }
        if (action == Action.ANSWER && (answer == null || answer.isNull())) {
            throw new IllegalArgumentException("WaitTimeout.answer is needed for Action.ANSWER, was " + answer);
        }
        if (action != Action.ANSWER && answer != null) {
            throw new IllegalArgumentException("WaitTimeout.answer is only for Action.ANSWER, was given for " + action);
        }
    }

    /**
     * The step fails when no answer came in time.
     *
     * @param after how long to wait
     * @return the policy
     */
    public static WaitTimeout fail(Duration after) {
        return new WaitTimeout(after, Action.FAIL, null);
    }

    /**
     * The step goes on with {@code answer} when no answer came in time.
     *
     * @param after  how long to wait
     * @param answer the default answer
     * @return the policy
     */
    public static WaitTimeout answer(Duration after, JsonNode answer) {
        return new WaitTimeout(after, Action.ANSWER, answer);
    }

    /**
     * The run keeps waiting when no answer came in time, and a {@code WaitTimedOut} event (action
     * {@link Action#ESCALATE}) tells whoever listens that it is overdue.
     *
     * @param after how long to wait before escalating
     * @return the policy
     */
    public static WaitTimeout escalate(Duration after) {
        return new WaitTimeout(after, Action.ESCALATE, null);
    }
}
