package dev.devora.orchestration.workflows.business;

import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.WorkflowValidationException;

import java.util.List;

/**
 * The environment variables that say where the business templates' phase agents run are wrong: an endpoint that is
 * not an absolute http or https URI, an endpoint without {@code INTER_AGENT_TOKEN}, a blank token. Every problem is
 * listed at once, each with its variable's name as path; an endpoint's value is quoted, the token's never.
 *
 * <pre>{@code
 * try {
 *     AgentEndpoints.fromEnvironment(Map.of("DESIGN_IA_ENDPOINT", "localhost:3335"));
 * } catch (AgentEndpointsException e) {
 *     // Environment of the business templates has 2 problems:
 *     //   - DESIGN_IA_ENDPOINT: must be an absolute http or https URI, was "localhost:3335"
 *     //   - INTER_AGENT_TOKEN: is required when an agent endpoint is set (DESIGN_IA_ENDPOINT)
 * }
 * }</pre>
 */
public class AgentEndpointsException extends WorkflowValidationException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param problems every problem found, each with the variable's name as path; not empty
     */
    public AgentEndpointsException(List<ValidationProblem> problems) {
        super("Environment of the business templates", problems);
    }
}
