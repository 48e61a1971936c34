package dev.devora.orchestration.workflows;


import java.util.List;

/**
 * Input of Accessibility Compliance (designed for this library).
 *
 * <pre>{@code
 * var input = new AccessibilityInput("TaskMaster", List.of("/login", "/board"), List.of("React"), "2.2", "AA",
 *         List.of("<div onclick=…>"), null, null);
 * }</pre>
 */
public record AccessibilityInput(String productName, List<String> pages, List<String> techStack, String wcagVersion,
                                 String conformanceLevel, List<String> markupSamples, List<String> knownIssues,
                                 String sourceCodePath) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "accessibility-compliance";
    }

}
