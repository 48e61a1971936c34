package dev.devora.orchestration.workflows;

/**
 * Input of Quality Gate (seed 003, workflow 4). The commands it runs are not part of it: they are the caller's
 * opt-in ({@link PredefinedWorkflow#withCommands}).
 *
 * <pre>{@code
 * var input = new QualityGateInput("/src/shop", "src/checkout", "Google Java Style, no wildcard imports");
 * }</pre>
 *
 * @param workspace the repository's directory (read-only unless the caller opts into writing) (JSON
 *     {@code workspace}, required)
 * @param scope     what to check: paths, a module or the change under review (JSON {@code scope}, optional; null
 *     gives {@code the whole repository})
 * @param standards the project's coding standards or conventions to review against (JSON {@code standards},
 *     optional; null gives {@code the conventions the code already follows})
 */
public record QualityGateInput(String workspace, String scope, String standards) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "quality-gate";
    }
}
