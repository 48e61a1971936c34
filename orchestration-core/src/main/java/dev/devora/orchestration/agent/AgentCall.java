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
    public AgentCall {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(context, "context");
    }

    /** Path of the step, e.g. {@code review/critique/security}. */
    public String stepPath() {
        return context.stepPath();
    }

    /** Calls a model through the engine: accounted, budget-checked, cancellable, reported as an event. */
    public LlmResponse complete(LlmProvider provider, LlmRequest request) {
        return context.complete(provider, request, false);
    }

    /** Like {@link #complete} but streams tokens to the run's listeners as {@code TokenStreamed} events. */
    public LlmResponse stream(LlmProvider provider, LlmRequest request) {
        return context.complete(provider, request, true);
    }
}
