package dev.devora.orchestration.workflows;

import java.util.List;

/**
 * Input of Refactoring (seed 003, workflow 6).
 *
 * <pre>{@code
 * var input = new RefactoringInput("/src/shop", "Extract the payment code out of OrderService",
 *         List.of("src/main/java/shop/OrderService.java"), List.of("the REST API stays unchanged"), "backend");
 * }</pre>
 *
 * @param workspace   the repository's directory (read-only unless the caller opts into writing) (JSON
 *     {@code workspace}, required)
 * @param goal        what the refactoring achieves (JSON {@code goal}, required)
 * @param targetPaths files or folders to refactor, relative to the workspace; each must exist inside it (JSON
 *     {@code target_paths}, optional; null leaves its line out of the prompts)
 * @param constraints what must not change, e.g. the public API (JSON {@code constraints}, optional; null leaves its
 *     line out)
 * @param area        where the code is: backend or frontend (the UI) (JSON {@code area}, optional; one of backend,
 *     frontend; null gives {@code backend})
 */
public record RefactoringInput(String workspace, String goal, List<String> targetPaths, List<String> constraints,
                               String area) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "refactoring";
    }
}
