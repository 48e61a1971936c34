package dev.devora.orchestration.workflows;

/**
 * Input of Bug Resolution (seed 003, workflow 2).
 *
 * <pre>{@code
 * var input = new BugResolutionInput("/src/shop", "Checkout total ignores the discount code",
 *         "add an item, apply SAVE10, open the cart", "total is 10 % lower", "total is unchanged", "backend");
 * }</pre>
 *
 * @param workspace        the repository's directory (read-only unless the caller opts into writing) (JSON
 *     {@code workspace}, required)
 * @param bugReport        what goes wrong, as reported (JSON {@code bug_report}, required)
 * @param stepsToReproduce how to make it happen (JSON {@code steps_to_reproduce}, optional; null gives
 *     {@code not given})
 * @param expected         what should happen (JSON {@code expected}, optional; null gives {@code not given})
 * @param actual           what happens instead (error, output, stack trace) (JSON {@code actual}, optional; null
 *     gives {@code not given})
 * @param area             where the bug shows: backend, frontend (the UI) or unknown (JSON {@code area}, optional;
 *     one of backend, frontend, unknown; null gives {@code unknown})
 */
public record BugResolutionInput(String workspace, String bugReport, String stepsToReproduce, String expected,
                                 String actual, String area) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "bug-resolution";
    }
}
