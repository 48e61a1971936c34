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
            AgentEndpoints.variableOf(Roles.ADS_MANAGEMENT), AgentEndpoints.TOKEN_VARIABLE);

    private AgentEnvironment() {
    }

    /**
     * The workflow by id.
     *
     * @throws UsageException when the id is a business template and the agent variables are invalid
     */
    static PredefinedWorkflow workflow(String id, LlmProvider provider, WorkflowConfig config, Function<String, String> env) {
        if (!isBusinessTemplate(id)) return Workflows.byId(id, provider, config);
        Map<String, String> variables = new HashMap<>();
        for (String v : VARIABLES) {
            String value = env.apply(v);
            if (value != null) variables.put(v, value);
        }
        try {
            return Workflows.byId(id, provider, config, AgentEndpoints.fromEnvironment(variables));
        } catch (AgentEndpointsException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static boolean isBusinessTemplate(String id) {
        for (BusinessTemplate t : BusinessTemplate.values()) if (t.id().equals(id)) return true;
        return false;
    }
}
