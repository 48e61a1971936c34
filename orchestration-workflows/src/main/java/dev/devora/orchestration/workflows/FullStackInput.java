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
 */
public record FullStackInput(String projectName, String description, String targetAudience, TechStack techStack,
                             List<String> requirements, String timeline, String budget, Integer teamSize)
        implements WorkflowInput {
    @Override
    public String workflowId() {
        return "full-stack-development";
    }

}
