package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.Workflows;
import dev.devora.orchestration.workflows.business.AgentEndpoints;
import dev.devora.orchestration.workflows.business.AgentEndpointsException;
import dev.devora.orchestration.workflows.business.BusinessTemplate;
import dev.devora.orchestration.workflows.roles.Roles;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the workflow a run names, a business template's phase agents configured from the runner's environment
 * ({@code DESIGN_IA_ENDPOINT}, {@code CORE_ENDPOINT}, {@code AUTOMATION_ENDPOINT}, {@code ADS_ENDPOINT},
 * {@code INTER_AGENT_TOKEN}); the other workflows do not read those variables. Invalid ones are a usage error
 * listing each variable (never the token's value).
 *
 * <pre>{@code
 * PredefinedWorkflow w = AgentEnvironment.workflow("restaurant-premium", provider, config, System::getenv);
 * }</pre>
 */
final class AgentEnvironment {
    private static final List<String> VARIABLES = List.of(AgentEndpoints.variableOf(Roles.DESIGN_IA),
            AgentEndpoints.variableOf(Roles.CORE_PLATFORM), AgentEndpoints.variableOf(Roles.AUTOMATION),
            AgentEndpoints.variableOf(Roles.ADS_MANAGEMENT), AgentEndpoints.TOKEN_VARIABLE, AgentEndpoints.WEBHOOK_VARIABLE);
    /**
     * Where the runner receives the agents' reports when {@code ORCHESTRATION_WEBHOOK_URL} is unset: a fixed
     * loopback port beside the seed's agent ports, so a resumed run's agents report where its first process said.
     */
    static final String DEFAULT_WEBHOOK = "http://127.0.0.1:3339/callbacks";

    /**
     * The receiver the runner serves for a run of a business template with remote phases.
     *
     * @param address where it listens
     * @param url     what the agents were told
     * @param token   the inter-agent token
     */
    record Receiver(java.net.InetSocketAddress address, java.net.URI url, dev.devora.orchestration.llm.ApiKey token) {
    }

    private AgentEnvironment() {
    }

    /**
     * The workflow by id.
     *
     * @throws UsageException when the id is a business template and the agent variables are invalid
     */
    static PredefinedWorkflow workflow(String id, LlmProvider provider, WorkflowConfig config, Function<String, String> env) {
        if (!isBusinessTemplate(id)) return Workflows.byId(id, provider, config);
        return Workflows.byId(id, provider, config, endpoints(env));
    }

    /**
     * The receiver a run of this workflow needs: for a business template with a remote phase, at
     * {@code ORCHESTRATION_WEBHOOK_URL}'s port (loopback only when it names this machine's loopback), else none.
     *
     * @throws UsageException when the agent variables are invalid
     */
    static java.util.Optional<Receiver> receiver(String id, Function<String, String> env) {
        if (!isBusinessTemplate(id)) return java.util.Optional.empty();
        AgentEndpoints endpoints = endpoints(env);
        if (endpoints.endpoints().isEmpty()) return java.util.Optional.empty();
        java.net.URI url = endpoints.callbackUrl().orElseThrow();
        if (!"/callbacks".equals(url.getPath())) {
            throw new UsageException(AgentEndpoints.WEBHOOK_VARIABLE + ": the runner receives the agents' reports at the"
                    + " path /callbacks, was '" + url + "'");
        }
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        String host = url.getHost();
        java.net.InetSocketAddress address = "localhost".equalsIgnoreCase(host) || host.startsWith("127.")
                ? new java.net.InetSocketAddress("127.0.0.1", port) : new java.net.InetSocketAddress(port);
        return java.util.Optional.of(new Receiver(address, url, endpoints.token().orElseThrow()));
    }

    /** The agent variables of the environment, with the runner's own receiver when no webhook URL is set. */
    private static AgentEndpoints endpoints(Function<String, String> env) {
        Map<String, String> variables = new HashMap<>();
        for (String v : VARIABLES) {
            String value = env.apply(v);
            if (value != null) variables.put(v, value);
        }
        variables.putIfAbsent(AgentEndpoints.WEBHOOK_VARIABLE, DEFAULT_WEBHOOK);
        try {
            return AgentEndpoints.fromEnvironment(variables);
        } catch (AgentEndpointsException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static boolean isBusinessTemplate(String id) {
        for (BusinessTemplate t : BusinessTemplate.values()) if (t.id().equals(id)) return true;
        return false;
    }
}
