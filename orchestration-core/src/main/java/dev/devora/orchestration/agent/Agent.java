package dev.devora.orchestration.agent;

import java.util.Objects;
import java.util.function.Function;

/**
 * Something that does one task: given a rendered prompt, produce text or JSON. {@link LlmAgent} asks a model;
 * plain-Java agents (run a linter, call an API, read files) implement the same interface.
 *
 * <p>Agents are immutable and shared between runs and threads. Calls to models must go through
 * {@link AgentCall#complete} so that they are accounted, budgeted, cancelled and reported.
 *
 * <pre>{@code
 * Agent wordCounter = Agent.of("word-counter", call ->
 *         AgentResult.text(String.valueOf(call.prompt().split("\\s+").length)));
 * }</pre>
 */
public interface Agent {

    /**
     * A name unique within a squad, used in step paths, events and metrics (e.g. {@code "api-architect"}).
     *
     * @return the agent's name: letters, digits, {@code -} and {@code _}
     */
    String name();

    /**
     * Does the task. Throw an {@link dev.devora.orchestration.OrchestrationException} to fail (retriable or not).
     *
     * @param call the rendered prompt, the attempt number and the engine's accounted access to models
     * @return what the agent produced; not null
     */
    AgentResult run(AgentCall call);

    /**
     * A plain-Java agent from a function.
     *
     * @param name the agent's name
     * @param body the function doing the task; it may use {@link AgentCall#complete} to call models
     * @return the agent
     */
    static Agent of(String name, Function<AgentCall, AgentResult> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return new Agent() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AgentResult run(AgentCall call) {
                return body.apply(call);
            }

            @Override
            public String toString() {
                return "Agent[" + name + "]";
            }
        };
    }
}
