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
 * Where a business template's phase agent comes from: the one place that chooses it for a role. When
 * {@link AgentEndpoints} has the role's endpoint, a {@code RemoteAgent} that posts the task there with the
 * inter-agent token and waits (holding no thread) for its report at {@link AgentEndpoints#callbackUrl()} (3 attempts,
 * 30 s per request, a circuit breaker, a report within {@link #REPORT_TIMEOUT}); its fallback, and the agent when no
 * endpoint is set, is an {@code LlmAgent} named after the role, with the role's instructions (or the config's
 * replacement), the model the config's policy gives its tier, and the phase's JSON output.
 *
 * <pre>{@code
 * Agent design = BusinessAgents.forRole(Roles.DESIGN_IA, System.getenv(), llm);
 * Agent ads = BusinessAgents.forRole(Roles.ADS_MANAGEMENT, AgentEndpoints.none(), llm, WorkflowConfig.defaults());
 * }</pre>
 */
public final class BusinessAgents {
    /** How long a remote phase agent may take to report a task before it counts as failed. */
    public static final java.time.Duration REPORT_TIMEOUT = java.time.Duration.ofMinutes(30);

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
        Agent model = new AgentKit(provider, config).json(role, output.name(), output.schema());
        java.util.Optional<java.net.URI> endpoint = endpoints.endpoint(role);
        if (endpoint.isEmpty()) return model;
        return dev.devora.orchestration.remote.RemoteAgent.builder(role.id(), endpoint.get())
                .token(endpoints.token().orElseThrow()) // fromEnvironment requires it with an endpoint
                .callbackUrl(endpoints.callbackUrl().orElseThrow())
                .reportTimeout(REPORT_TIMEOUT)
                .fallback(model) // breaker open, dispatch retries spent or every task failed: the model does it
                .build();
    }
}
