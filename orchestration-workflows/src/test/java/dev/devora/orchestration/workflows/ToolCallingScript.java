package dev.devora.orchestration.workflows;

import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.testing.ScriptedLlmProvider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted model that, for the requests of one step, asks for the given rounds of tool calls (round n is answered
 * to a request holding n earlier assistant tool-call messages) and then answers as {@code delegate} does; every other
 * request goes to {@code delegate}. Usage is prompt characters / 4 + 1, as the engine estimates it.
 */
final class ToolCallingScript implements LlmProvider {
    private final ScriptedLlmProvider delegate;
    private final String step;
    private final List<List<ToolCall>> rounds;
    private final List<LlmRequest> requests = new CopyOnWriteArrayList<>();

    ToolCallingScript(ScriptedLlmProvider delegate, String step, List<List<ToolCall>> rounds) {
        this.delegate = delegate;
        this.step = step;
        this.rounds = List.copyOf(rounds);
    }

    @Override
    public String name() {
        return "tool-calling-script";
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        requests.add(request);
        String path = request.attribute(LlmRequest.STEP_PATH);
        boolean scripted = path != null && (path.equals(step) || path.endsWith("/" + step));
        int round = (int) request.messages().stream().filter(m -> !m.toolCalls().isEmpty()).count();
        if (!scripted || round >= rounds.size()) return delegate.complete(request);
        long chars = request.messages().stream().mapToLong(m -> m.content().length()).sum();
        return LlmResponse.builder().text("").toolCalls(rounds.get(round))
                .usage(Usage.of(chars / 4 + 1, 20)).model("scripted/default").build();
    }

    /** Every request, in arrival order. */
    List<LlmRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests of a step (its path or last path segment). */
    List<LlmRequest> requestsForStep(String pathOrId) {
        return requests.stream().filter(r -> {
            String p = r.attribute(LlmRequest.STEP_PATH);
            return p != null && (p.equals(pathOrId) || p.endsWith("/" + pathOrId));
        }).toList();
    }

    /** The tool results a request carries back to the model, by call id order of arrival. */
    static List<LlmMessage> toolResults(LlmRequest r) {
        return r.messages().stream().filter(m -> m.role() == dev.devora.orchestration.llm.Role.TOOL).toList();
    }
}
