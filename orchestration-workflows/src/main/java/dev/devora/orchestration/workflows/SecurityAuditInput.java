package dev.devora.orchestration.workflows;


import java.util.List;

/**
 * Input of Security Audit (designed for this library). {@code scope} among code, api, infrastructure;
 * {@code severityThreshold} among critical, high, medium, low.
 *
 * <pre>{@code
 * var input = new SecurityAuditInput("TaskMaster", "Task SaaS with customer data", List.of("FastAPI", "AWS"),
 *         List.of("code", "api"), "/path/to/repo", null, "openapi: 3.1.0 …", null, List.of("OWASP ASVS L2"), "high");
 * }</pre>
 */
public record SecurityAuditInput(String targetName, String description, List<String> techStack, List<String> scope,
                                 String sourceCodePath, List<String> codeSamples, String apiSpecification,
                                 List<String> infrastructure, List<String> compliance, String severityThreshold)
        implements WorkflowInput {
    @Override
    public String workflowId() {
        return "security-audit";
    }

}
