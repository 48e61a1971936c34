package dev.devora.orchestration.internal;

/**
 * Who a step execution is, for accounting and events: its accounting slot (declaration order in the run's own
 * workflow, -1 inside sub-workflows), path, order key, kind, and for agent steps the agent and squad.
 *
 * @param slot     index into the accounting's per-step array, or -1 to account by path
 * @param path     the step path, e.g. {@code review/critique/security}
 * @param orderKey sortable declaration order, e.g. {@code "00003.00001"} inside a sub-workflow
 * @param kind     the step kind ({@code agent}, {@code loop}…)
 * @param agent    the agent of an agent step; or null
 * @param squad    the squad of an agent step; or null
 */
record StepTag(int slot, String path, String orderKey, String kind, String agent, String squad) {
}
