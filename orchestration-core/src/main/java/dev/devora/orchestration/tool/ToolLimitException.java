package dev.devora.orchestration.tool;

import dev.devora.orchestration.OrchestrationException;

/**
 * An agent's model kept calling tools past a bound (rounds of tool calls, or tool calls in all) of one agent call.
 *
 * <pre>{@code
 * LlmAgent.builder("fixer").tools(workspace).maxToolRounds(12).maxToolCalls(40);
 * }</pre>
 */
public class ToolLimitException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    /**
     * A bound reached.
     *
     * @param agent the agent
     * @param bound which bound and its value, e.g. {@code maxToolRounds (8)}
     */
    public ToolLimitException(String agent, String bound) {
        super("agent '" + agent + "' reached its " + bound + " and its model still asked for tools; raise the bound on "
                + "the agent's builder or make the task smaller");
    }
}
