package dev.devora.orchestration.workflow;

import dev.devora.orchestration.agent.Agent;

import java.time.Duration;
import java.util.List;

/**
 * Runs one agent on a prompt template. The prompt contains only what it references (declared reads):
 * {@code {{input.field}}}, {@code {{stepId}}}, {@code {{stepId.json.path}}}, {@code {{gate.feedback}}},
 * {@code {{loop.iteration}}}; {@code {{stepId?}}} renders empty without a warning when the step did not run.
 * Inside a loop, steps of the same body are readable as their previous iteration's output (empty on the first).
 *
 * <pre>{@code
 * Steps.agent("prd", productManager)
 *      .prompt("Write the PRD for {{input.project_name}}: {{input.description}}")
 *      .timeout(Duration.ofMinutes(2))
 *      .maxAttempts(3);
 * }</pre>
 *
 * @param id          step id
 * @param agent       the agent to run
 * @param prompt      the prompt template
 * @param timeout     limit for the whole step, all attempts included; or null
 * @param maxAttempts attempts on retriable failures; 0 means the engine's default
 * @param squad       the squad the agent belongs to, for per-squad metrics; or null
 */
public record AgentStep(String id, Agent agent, String prompt, Duration timeout, int maxAttempts, String squad)
        implements Step {

    /**
     * This step with another agent, e.g. the same agent reviewed by a person.
     *
     * @param other the agent
     * @return a new step; everything else kept
     */
    public AgentStep withAgent(Agent other) {
        return new AgentStep(id, java.util.Objects.requireNonNull(other, "agent"), prompt, timeout, maxAttempts, squad);
    }

    /**
     * This step with another prompt.
     *
     * @param template the prompt template; its {@code {{references}}} are checked at {@code build()}
     * @return a new step
     */
    public AgentStep prompt(String template) {
        return new AgentStep(id, agent, template, timeout, maxAttempts, squad);
    }

    /**
     * This step with a time limit covering all its attempts.
     *
     * @param limit a positive duration, or null for none
     * @return a new step
     */
    public AgentStep timeout(Duration limit) {
        return new AgentStep(id, agent, prompt, limit, maxAttempts, squad);
    }

    /**
     * This step with its own number of attempts on retriable failures.
     *
     * @param attempts attempts in all, the first included; 0 for the engine's retry policy
     * @return a new step
     */
    public AgentStep maxAttempts(int attempts) {
        return new AgentStep(id, agent, prompt, timeout, attempts, squad);
    }

    /**
     * This step tagged with a squad, for per-squad metrics.
     *
     * @param squadId the squad's id, or null
     * @return a new step
     */
    public AgentStep squad(String squadId) {
        return new AgentStep(id, agent, prompt, timeout, maxAttempts, squadId);
    }

    @Override
    public List<Step> children() {
        return List.of();
    }

    @Override
    public String kind() {
        return "agent";
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitAgent(this);
    }
}
