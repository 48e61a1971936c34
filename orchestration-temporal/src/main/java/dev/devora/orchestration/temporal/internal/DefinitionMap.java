package dev.devora.orchestration.temporal.internal;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.internal.DefinitionFingerprint;
import dev.devora.orchestration.internal.WorkflowIndex;
import dev.devora.orchestration.remote.RemoteAgent;
import dev.devora.orchestration.tool.Toolbox;
import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.RouteStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.SubWorkflowStep;
import dev.devora.orchestration.workflow.TaskStep;
import dev.devora.orchestration.workflow.Workflow;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One registered definition as a worker looks things up in it: its steps by path (the interpreter's paths,
 * sub-workflows' steps included), the toolboxes of its agents by name, the step timeouts that become activity
 * timeouts, and its fingerprint (a run names the definition it was started with by id and fingerprint).
 *
 * <pre>{@code
 * DefinitionMap map = DefinitionMap.of(workflow);
 * Step step = map.step("review/draft");
 * }</pre>
 */
public final class DefinitionMap {
    private final Workflow workflow;
    private final String fingerprint;
    private final Map<String, Step> steps;
    private final Map<String, Toolbox> toolsByAgent;
    private final Map<String, RemoteAgent> remoteAgents;

    private DefinitionMap(Workflow workflow) {
        this.workflow = workflow;
        this.fingerprint = DefinitionFingerprint.of(workflow);
        Map<String, Step> byPath = new LinkedHashMap<>();
        Map<String, Toolbox> tools = new HashMap<>();
        Map<String, RemoteAgent> remotes = new LinkedHashMap<>();
        collect(workflow, "", byPath, tools, remotes);
        this.steps = Collections.unmodifiableMap(byPath);
        this.toolsByAgent = Collections.unmodifiableMap(tools);
        this.remoteAgents = Collections.unmodifiableMap(remotes);
    }

    /**
     * The map of a definition.
     *
     * @param workflow the definition
     * @return its map
     * @throws IllegalArgumentException when a step's remote agent is synchronous (its answer is not replayable)
     */
    public static DefinitionMap of(Workflow workflow) {
        return new DefinitionMap(workflow);
    }

    private static void collect(Workflow workflow, String prefix, Map<String, Step> byPath, Map<String, Toolbox> tools,
                                Map<String, RemoteAgent> remotes) {
        for (WorkflowIndex.StepInfo info : workflow.index().steps()) {
            String path = prefix.isEmpty() ? info.path() : prefix + "/" + info.path();
            Step step = info.step();
            byPath.put(path, step);
            if (step instanceof AgentStep a) {
                addTools(a.agent(), tools);
                for (Agent agent = a.agent(); agent instanceof RemoteAgent remote; agent = remote.fallback().orElse(null)) {
                    if (remote.isSynchronous()) {
                        throw new IllegalArgumentException("workflow '" + workflow.id() + "' step '" + path + "': remote"
                                + " agent '" + remote.name() + "' is synchronous, which Temporal cannot replay: its"
                                + " answer would be asked again; let it report to a callback instead");
                    }
                    remotes.putIfAbsent(remote.name(), remote);
                }
            }
            if (step instanceof RouteStep r) addTools(r.router(), tools);
            if (step instanceof SubWorkflowStep w) collect(w.workflow(), path, byPath, tools, remotes);
        }
    }

    /**
     * A remote agent of the definition (a step's agent, or the fallback of one).
     *
     * @param agentId its id
     * @return the agent, or null when the definition has none of that id
     */
    public RemoteAgent remoteAgent(String agentId) {
        return remoteAgents.get(agentId);
    }

    private static void addTools(Agent agent, Map<String, Toolbox> tools) {
        if (agent instanceof LlmAgent llm && !llm.tools().tools().isEmpty()) tools.putIfAbsent(llm.name(), llm.tools());
    }

    /** {@return the definition} */
    public Workflow workflow() {
        return workflow;
    }

    /** {@return the definition's fingerprint} */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * The step at a path.
     *
     * @param path the interpreter's path of the step
     * @return the step, or null when the definition has none there
     */
    public Step step(String path) {
        return steps.get(path);
    }

    /**
     * The tools of the agent running at a step: the step's own agent when it has that name, else the first agent
     * of that name in the definition.
     *
     * @param path  the step path
     * @param agent the agent's name
     * @return its toolbox, or null when no agent of that name has tools
     */
    public Toolbox tools(String path, String agent) {
        Step step = steps.get(path);
        if (step instanceof AgentStep a && a.agent() instanceof LlmAgent llm && llm.name().equals(agent)) {
            return llm.tools();
        }
        return toolsByAgent.get(agent);
    }

    /**
     * The step's own timeout (agent and task steps), which bounds one attempt of each activity the step runs.
     *
     * @param path the step path
     * @return the timeout, or null when the step has none
     */
    public Duration timeout(String path) {
        Step step = steps.get(path);
        if (step instanceof AgentStep a) return a.timeout();
        if (step instanceof TaskStep t) return t.timeout();
        return null;
    }
}
