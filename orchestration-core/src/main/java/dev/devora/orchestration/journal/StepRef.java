package dev.devora.orchestration.journal;

/**
 * Which step execution a journal entry is about: its path, its place in declaration order, its kind and, for agent
 * steps, its agent and squad.
 *
 * <pre>{@code
 * StepRef ref = new StepRef("review/critique/security", "00003", "agent", "security-reviewer", "review");
 * }</pre>
 *
 * @param path     the step path, e.g. {@code review/critique/security}
 * @param orderKey sortable declaration order, e.g. {@code "00003"}, {@code "00003.00001"} inside a sub-workflow
 * @param kind     the step kind ({@code agent}, {@code loop}…)
 * @param agent    the agent of an agent step; or null
 * @param squad    the squad of an agent step; or null
 */
public record StepRef(String path, String orderKey, String kind, String agent, String squad) {
    /**
     * Checks the required parts.
     *
     * @param path     the step path
     * @param orderKey sortable declaration order
     * @param kind     the step kind
     * @param agent    the agent of an agent step; or null
     * @param squad    the squad of an agent step; or null
     * @throws NullPointerException if path, orderKey or kind is null
     */
    public StepRef {
        java.util.Objects.requireNonNull(path, "path");
        java.util.Objects.requireNonNull(orderKey, "orderKey");
        java.util.Objects.requireNonNull(kind, "kind");
    }
}
