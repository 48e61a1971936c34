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
 *
 * @param targetName        name of the system under audit (JSON {@code target_name}, required)
 * @param description       what the system does, its users and the data it holds (JSON {@code description}, required)
 * @param techStack         technologies, one string per item (JSON {@code tech_stack}, required)
 * @param scope             audits to run: code, api, infrastructure (JSON {@code scope}, optional; null gives
 *     {@code ["code","api","infrastructure"]})
 * @param sourceCodePath    optional: a local directory with the source code (JSON {@code source_code_path}, optional;
 *     null gives {@code })
 * @param codeSamples       code excerpts to audit (texts) (JSON {@code code_samples}, optional; null leaves its line out
 *     of the prompt)
 * @param apiSpecification  OpenAPI/GraphQL contract or API description (JSON {@code api_specification}, optional; null
 *     gives {@code not provided})
 * @param infrastructure    infrastructure facts or IaC excerpts (texts) (JSON {@code infrastructure}, optional; null
 *     leaves its line out of the prompt)
 * @param compliance        frameworks to map to, e.g. OWASP ASVS L2, PCI DSS, GDPR (JSON {@code compliance}, optional;
 *     null leaves its line out of the prompts)
 * @param severityThreshold lowest severity that must be remediated before sign-off (JSON {@code severity_threshold},
 *     optional; one of critical, high, medium, low; null gives {@code high})
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
