package dev.devora.orchestration.workflows;


import java.util.List;

/**
 * Input of Accessibility Compliance (designed for this library).
 *
 * <pre>{@code
 * var input = new AccessibilityInput("TaskMaster", List.of("/login", "/board"), List.of("React"), "2.2", "AA",
 *         List.of("<div onclick=…>"), null, null);
 * }</pre>
 *
 * @param productName      name of the product (JSON {@code product_name}, required)
 * @param pages            pages or screens to audit, e.g. "/checkout: payment form" (JSON {@code pages}, required)
 * @param techStack        frontend technologies (JSON {@code tech_stack}, required)
 * @param wcagVersion      WCAG version (JSON {@code wcag_version}, optional; one of 2.1, 2.2; null gives {@code 2.2})
 * @param conformanceLevel target level (JSON {@code conformance_level}, optional; one of A, AA, AAA; null gives
 *     {@code AA})
 * @param markupSamples    HTML/JSX excerpts of the pages (texts) (JSON {@code markup_samples}, optional; null leaves
 *     its line out of the prompts)
 * @param knownIssues      issues already reported by users or tools (JSON {@code known_issues}, optional; null leaves
 *     its line out of the prompts)
 * @param sourceCodePath   optional: a local directory with the frontend source (JSON {@code source_code_path},
 *     optional; null gives {@code })
 */
public record AccessibilityInput(String productName, List<String> pages, List<String> techStack, String wcagVersion,
                                 String conformanceLevel, List<String> markupSamples, List<String> knownIssues,
                                 String sourceCodePath) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "accessibility-compliance";
    }

}
