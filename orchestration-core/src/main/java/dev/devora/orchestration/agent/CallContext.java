package dev.devora.orchestration.agent;

import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;

/**
 * The engine's side of an agent or gate invocation. Implemented by the engine; agents and gates only use it.
 *
 * <pre>{@code
 * LlmResponse r = context.complete(llm, request, false);
 * }</pre>
 */
public interface CallContext {

    /**
     * Id of the run.
     *
     * @return the run id
     */
    String runId();

    /**
     * Path of the step being executed.
     *
     * @return the step path, e.g. {@code review/critique/security}
     */
    String stepPath();

    /**
     * Calls a model on behalf of the step: adds the run id, step path and agent to the request's attributes,
     * admits the call only if it fits in the run's budget (waiting while calls in flight hold what it needs),
     * records usage (of aborted calls too), emits an {@code LlmCallCompleted} event and, when {@code stream} is
     * true, a {@code TokenStreamed} event per token.
     *
     * @throws dev.devora.orchestration.BudgetExceededException when the call does not fit in the run's budget
     * @throws dev.devora.orchestration.RunCancelledException   when the run was cancelled
     * @param provider the provider to call
     * @param request  the request
     * @param stream   true to stream the answer's tokens to the run's listeners
     * @return the answer
     */
    LlmResponse complete(LlmProvider provider, LlmRequest request, boolean stream);

    /**
     * Runs the tasks concurrently where the engine can (its executor), each one at most once, and returns when all
     * have ended; the default runs them one after the other on the calling thread.
     *
     * @param tasks the tasks (a model's tool calls of one answer)
     */
    default void runConcurrently(java.util.List<Runnable> tasks) {
        for (Runnable t : tasks) t.run();
    }

    /**
     * Reports that a tool call starts (the engine emits {@code ToolCallStarted}); the default does nothing.
     *
     * @param tool          the tool's name
     * @param callId        the model's id for the call
     * @param argumentsJson the arguments as the model gave them
     */
    default void toolStarted(String tool, String callId, String argumentsJson) {
    }

    /**
     * Reports that a tool call ended (the engine emits {@code ToolCallCompleted} and counts it in the step's
     * metrics); the default does nothing.
     *
     * @param tool          the tool's name
     * @param callId        the model's id for the call
     * @param argumentsJson the arguments as the model gave them
     * @param duration      how long it ran
     * @param error         the error the model was told; or null
     */
    default void toolEnded(String tool, String callId, String argumentsJson, java.time.Duration duration, String error) {
    }
}
