package dev.devora.orchestration.agent;

import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;

import java.util.Objects;

/**
 * One invocation of an agent by the engine: the rendered prompt, where it runs, and the accounted way to call
 * models.
 *
 * <pre>{@code
 * public AgentResult run(AgentCall call) {
 *     LlmResponse r = call.complete(llm, LlmRequest.builder().message(LlmMessage.user(call.prompt())).build());
 *     return new AgentResult(r.text(), null, r.model());
 * }
 * }</pre>
 *
 * @param prompt  the step's prompt with every {@code {{reference}}} rendered
 * @param attempt 1 for the first try, 2 for the first retry…
 * @param context run id, step path and model access
 */
public record AgentCall(String prompt, int attempt, CallContext context) {
    /**
     * Checks that prompt and context are not null.
     *
     * @param prompt  the step's prompt with every {@code {{reference}}} rendered
     * @param attempt 1 for the first try, 2 for the first retry…
     * @param context run id, step path and model access /
     */
    public AgentCall {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(context, "context");
    }

    /**
     * Path of the step, e.g. {@code review/critique/security}.
     *
     * @return the step path
     */
    public String stepPath() {
        return context.stepPath();
    }

    /**
     * Calls a model through the engine: accounted, budget-checked, cancellable, reported as an event.
     *
     * @param provider the provider to call
     * @param request  the request; the engine adds run id, step path and agent to its attributes
     * @return the answer
     * @throws dev.devora.orchestration.BudgetExceededException when the call does not fit in the run's budget
     * @throws dev.devora.orchestration.RunCancelledException   when the run was cancelled
     */
    public LlmResponse complete(LlmProvider provider, LlmRequest request) {
        return context.complete(provider, request, false);
    }

    /**
     * Like {@link #complete} but streams tokens to the run's listeners as {@code TokenStreamed} events.
     *
     * @param provider the provider to call
     * @param request  the request
     * @return the complete answer
     */
    public LlmResponse stream(LlmProvider provider, LlmRequest request) {
        return context.complete(provider, request, true);
    }
}
