package dev.devora.orchestration.workflows;


import java.util.List;

/**
 * Input of Documentation Generation (fields listed in docs/workflows.md). {@code documentationTypes} are among readme, architecture,
 * api_reference, installation, contributing, adr.
 *
 * <pre>{@code
 * var input = new DocumentationInput("TaskMaster", "application", List.of("React", "FastAPI"), "/path/to/repo",
 *         null, List.of("readme", "architecture"), List.of("developers"), true, "markdown");
 * }</pre>
 */
public record DocumentationInput(String projectName, String projectType, List<String> techStack, String sourceCodePath,
                                 List<String> existingDocs, List<String> documentationTypes,
                                 List<String> targetAudiences, Boolean includeDiagrams, String outputFormat)
        implements WorkflowInput {
    @Override
    public String workflowId() {
        return "documentation-generation";
    }

}
