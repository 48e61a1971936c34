package dev.devora.orchestration.workflows;


import java.util.List;

/**
 * Input of Full Stack Development (fields listed in docs/workflows.md). Null optional fields are omitted.
 *
 * <pre>{@code
 * var input = new FullStackInput("TaskMaster Pro", "Collaborative task management", "Teams of 5-50",
 *         new TechStack(List.of("React"), List.of("FastAPI"), List.of("AWS")),
 *         List.of("JWT authentication", "Kanban boards"), "3 months", null, 5);
 * Workflows.fullStackDevelopment(llm).run(input);
 * }</pre>
 *
 * @param projectName    name of the project (JSON {@code project_name}, required)
 * @param description    what the application does (JSON {@code description}, required)
 * @param targetAudience who will use it (JSON {@code target_audience}, required)
 * @param techStack      {frontend: [..], backend: [..], infrastructure: [..]} (JSON {@code tech_stack}, required)
 * @param requirements   functional requirements, one string per item (JSON {@code requirements}, required)
 * @param timeline       delivery timeline, e.g. "3 months" (JSON {@code timeline}, required)
 * @param budget         budget, optional (JSON {@code budget}, optional; null leaves it out of the prompts)
 * @param teamSize       people in the team, optional (JSON {@code team_size}, optional; null leaves it out of the
 *     prompts)
 */
public record FullStackInput(String projectName, String description, String targetAudience, TechStack techStack,
                             List<String> requirements, String timeline, String budget, Integer teamSize)
        implements WorkflowInput {
    @Override
    public String workflowId() {
        return "full-stack-development";
    }

}
