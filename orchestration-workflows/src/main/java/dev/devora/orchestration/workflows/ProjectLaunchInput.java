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
