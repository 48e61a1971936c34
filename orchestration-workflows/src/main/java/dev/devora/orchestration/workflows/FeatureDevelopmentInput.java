package dev.devora.orchestration.workflows;

import java.util.List;

/**
 * Input of Feature Development (seed 003, workflow 1).
 *
 * <pre>{@code
 * var input = new FeatureDevelopmentInput("/src/shop", "Customers can save their cart for later",
 *         List.of("a saved cart survives a logout"), true, "EU shop, 40k customers");
 * }</pre>
 *
 * @param workspace          the repository's directory (read-only unless the caller opts into writing) (JSON
 *     {@code workspace}, required)
 * @param requirement        the feature as asked: who needs what, and why (JSON {@code requirement}, required)
 * @param acceptanceCriteria acceptance criteria already agreed, kept and numbered AC-1, AC-2… (JSON
 *     {@code acceptance_criteria}, optional; null leaves its line out of the prompts)
 * @param hasUi              whether the feature has a user interface; false skips the frontend change (JSON
 *     {@code has_ui}, optional; null gives {@code true})
 * @param context            users, constraints, related tickets or links (JSON {@code context}, optional; null
 *     gives {@code not given})
 */
public record FeatureDevelopmentInput(String workspace, String requirement, List<String> acceptanceCriteria,
                                      Boolean hasUi, String context) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "feature-development";
    }
}
