package dev.devora.orchestration.workflows.business;

import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.internal.AgentKit;
import dev.devora.orchestration.workflows.internal.BusinessSchemas;
import dev.devora.orchestration.workflows.roles.Role;

import java.util.Map;
import java.util.Objects;

/**
 * Where a business template's phase agent comes from: the one place that chooses it for a role. Today it is an
 * {@code LlmAgent} named after the role, with the role's instructions (or the config's replacement), the model the
 * config's policy gives its tier, and the phase's JSON output. The role's endpoint, when
 * {@link AgentEndpoints} has one, is validated and kept, but not called yet: remote agents are to be chosen here
 * when their endpoint is configured.
 *
 * <pre>{@code
 * Agent design = BusinessAgents.forRole(Roles.DESIGN_IA, System.getenv(), llm);
 * Agent ads = BusinessAgents.forRole(Roles.ADS_MANAGEMENT, AgentEndpoints.none(), llm, WorkflowConfig.defaults());
 * }</pre>
 */
public final class BusinessAgents {
    private BusinessAgents() {
    }

    /**
     * The phase agent of a role with the default config, its endpoint read from an environment map.
     *
     * @param role     {@code design-ia}, {@code core-platform}, {@code automation} or {@code ads-management}
     * @param env      environment variables, e.g. {@code System.getenv()}
     * @param provider the provider of the model agent
     * @return the role's agent
     * @throws AgentEndpointsException when the environment's agent variables are invalid
     * @throws IllegalArgumentException for another role, naming the four
     */
    public static Agent forRole(Role role, Map<String, String> env, LlmProvider provider) {
        return forRole(role, AgentEndpoints.fromEnvironment(env), provider, WorkflowConfig.defaults());
    }

    /**
     * The phase agent of a role.
     *
     * @param role      {@code design-ia}, {@code core-platform}, {@code automation} or {@code ads-management}
     * @param endpoints where the phase agents run
     * @param provider  the provider of the model agent
     * @param config    model policy and instruction replacements
     * @return the role's agent
     * @throws IllegalArgumentException for another role, naming the four
     */
    public static Agent forRole(Role role, AgentEndpoints endpoints, LlmProvider provider, WorkflowConfig config) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(endpoints, "endpoints");
        AgentEndpoints.variableOf(role); // one of the four, else an error naming them
        BusinessSchemas.Output output = BusinessSchemas.of(role);
        return new AgentKit(provider, config).json(role, output.name(), output.schema());
    }
}
