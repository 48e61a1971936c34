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
 *
 * @param projectName        name of the project (JSON {@code project_name}, required)
 * @param projectType        kind of project (JSON {@code project_type}, required; one of library, application, api,
 *     service)
 * @param techStack          technologies, one string per item (JSON {@code tech_stack}, required)
 * @param sourceCodePath     optional: a local directory with the source code (JSON {@code source_code_path}, optional;
 *     null gives {@code })
 * @param existingDocs       existing documentation to include (texts) (JSON {@code existing_docs}, optional; null gives
 *     {@code []})
 * @param documentationTypes documents to generate: readme, architecture, api_reference, installation, contributing, adr
 *     (JSON {@code documentation_types}, required)
 * @param targetAudiences    e.g. ["developers", "users", "contributors"] (JSON {@code target_audiences}, optional; null
 *     gives {@code ["developers"]})
 * @param includeDiagrams    add Mermaid diagrams (JSON {@code include_diagrams}, optional; null gives {@code false})
 * @param outputFormat       markdown, html or pdf (documents are written in Markdown) (JSON {@code output_format},
 *     optional; one of markdown, html, pdf; null gives {@code markdown})
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
