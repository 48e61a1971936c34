package dev.devora.orchestration.workflows;


import java.util.List;

/**
 * Input of Complete Project Launch (the full stack input plus choices passed to the composed workflows).
 *
 * <pre>{@code
 * var input = new ProjectLaunchInput("TaskMaster Pro", "Task management", "Teams",
 *         new TechStack(List.of("React"), List.of("FastAPI"), List.of("AWS")), List.of("Kanban"), "4 months",
 *         null, "rest", "jwt", "github", "kubernetes", 200, null);
 * }</pre>
 *
 * @param projectName      name of the project (JSON {@code project_name}, required)
 * @param description      what the product does (JSON {@code description}, required)
 * @param targetAudience   who will use it (JSON {@code target_audience}, required)
 * @param techStack        {frontend: [..], backend: [..], infrastructure: [..]} (JSON {@code tech_stack}, required)
 * @param requirements     functional requirements, one string per item (JSON {@code requirements}, required)
 * @param timeline         launch timeline, e.g. "4 months" (JSON {@code timeline}, required)
 * @param repositoryUrl    repository URL (JSON {@code repository_url}, optional; null gives {@code to be created})
 * @param apiType          API style (JSON {@code api_type}, optional; one of rest, graphql; null gives {@code rest})
 * @param authType         authentication (JSON {@code auth_type}, optional; one of jwt, oauth2, api_key; null gives
 *     {@code jwt})
 * @param gitProvider      git provider (JSON {@code git_provider}, optional; one of github, gitlab, bitbucket; null
 *     gives {@code github})
 * @param deploymentTarget where it runs (JSON {@code deployment_target}, optional; one of kubernetes, ecs, app_engine,
 *     vercel; null gives {@code kubernetes})
 * @param targetQps        expected peak queries per second (JSON {@code target_qps}, optional; null gives {@code 100})
 * @param budget           budget (JSON {@code budget}, optional; null gives {@code not specified})
 */
public record ProjectLaunchInput(String projectName, String description, String targetAudience, TechStack techStack,
                                 List<String> requirements, String timeline, String repositoryUrl, String apiType,
                                 String authType, String gitProvider, String deploymentTarget, Integer targetQps,
                                 String budget) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "complete-project-launch";
    }

}
