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
     * Runs one tool call for the step: the engine emits {@code ToolCallStarted}/{@code ToolCallCompleted}, journals
     * the result, and gives back the journaled result instead of running the tool again when this step execution
     * already made the same call: the same tool with the same arguments at the same occurrence, in an earlier
     * attempt of the step (a retry) or before the run was resumed. The default just runs it.
     *
     * @param tool          the tool's name
     * @param callId        the model's id for the call
     * @param argumentsJson the arguments as the model gave them
     * @param occurrence    how many calls of this tool with these arguments the agent call made before this one
     *                      (from 0; counted in the model's call order)
     * @param run           runs the tool and returns what the model gets
     * @return what the model gets
     */
    default dev.devora.orchestration.tool.ToolResult runTool(String tool, String callId, String argumentsJson,
                                                             int occurrence,
                                                             java.util.function.Supplier<dev.devora.orchestration.tool.ToolResult> run) {
        return run.get();
    }

    /**
     * Asks for an answer from outside the run (a person's decision, a remote agent's callback): the first time, the
     * request is journaled and {@link dev.devora.orchestration.RunWaitingException} unwinds the run, which waits
     * without holding a thread; once answered, the run continues by running this step again, and the same call
     * returns the answer. Requests of one step execution are told apart by kind and order.
     *
     * @param kind    what is asked, e.g. {@code approval}: letters, digits, {@code -} and {@code _}
     * @param request what the answerer is shown
     * @return the answer
     * @throws dev.devora.orchestration.RunWaitingException while the request is pending (let it pass)
     * @throws UnsupportedOperationException when this context cannot wait (the default)
     */
    default com.fasterxml.jackson.databind.JsonNode await(String kind, com.fasterxml.jackson.databind.JsonNode request) {
        return await(kind, request, id -> { });
    }

    /**
     * As {@link #await(String, com.fasterxml.jackson.databind.JsonNode)}, and sends the request out first: {@code send}
     * runs once per request, with the request's id, before the request is journaled (a remote agent's dispatch, a
     * notification to a person). A crash between the two sends it again on resume with the same id, so receivers
     * should treat the id as an idempotency key; once journaled it is never sent again.
     *
     * @param kind    what is asked: letters, digits, {@code -} and {@code _}
     * @param request what the answerer is shown
     * @param send    sends the request, given its id; what it throws fails the step
     * @return the answer
     * @throws dev.devora.orchestration.RunWaitingException while the request is pending (let it pass)
     * @throws UnsupportedOperationException when this context cannot wait (the default)
     */
    default com.fasterxml.jackson.databind.JsonNode await(String kind, com.fasterxml.jackson.databind.JsonNode request,
                                                          java.util.function.Consumer<String> send) {
        return await(kind, request, send, null);
    }

    /**
     * The request the next {@code await} of this kind will make, if this step execution made it before the run
     * waited (it is journaled): lets an agent that works before it asks (a reviewed agent shows its work) go on from
     * what it showed instead of working, and paying, again. Does not count as an {@code await}.
     *
     * @param kind what is asked
     * @return the journaled request; empty when the next request of this kind was not made yet (and by default)
     */
    default java.util.Optional<com.fasterxml.jackson.databind.JsonNode> requested(String kind) {
        return java.util.Optional.empty();
    }

    /**
     * As {@link #await(String, com.fasterxml.jackson.databind.JsonNode, java.util.function.Consumer)}, bounded in
     * time: when no answer comes within {@code timeout.after()} of the request, the step fails with
     * {@link dev.devora.orchestration.WaitTimeoutException}, goes on with the timeout's default answer, or keeps
     * waiting while a {@code WaitTimedOut} event escalates ({@link WaitTimeout}). The policy is journaled with the
     * request: what applies is what the run asked when it started waiting.
     *
     * @param kind    what is asked: letters, digits, {@code -} and {@code _}
     * @param request what the answerer is shown
     * @param send    sends the request, given its id
     * @param timeout what happens without an answer in time; null to wait for as long as it takes
     * @return the answer (or the timeout's default answer)
     * @throws dev.devora.orchestration.RunWaitingException   while the request is pending (let it pass)
     * @throws dev.devora.orchestration.WaitTimeoutException  when the request expired with {@link WaitTimeout#fail}
     * @throws UnsupportedOperationException when this context cannot wait (the default)
     */
    default com.fasterxml.jackson.databind.JsonNode await(String kind, com.fasterxml.jackson.databind.JsonNode request,
                                                          java.util.function.Consumer<String> send,
                                                          WaitTimeout timeout) {
        throw new UnsupportedOperationException("this context cannot wait for an answer from outside");
    }

    /**
     * Reports a remote agent's decision as a {@code RemoteAgentDecision} event of this run and step (what
     * {@code remote.RemoteAgent} calls); the default reports nothing.
     *
     * @param agentId  the remote agent's id
     * @param decision {@code dispatched}, {@code retried}, {@code completed}, {@code failed}, {@code breaker-open}
     *                 or {@code fallback}
     * @param detail   a short explanation; never a secret
     */
    default void remoteAgentDecision(String agentId, String decision, String detail) {
    }
}
