/**
 * Decisions by a person inside a run: {@link dev.devora.orchestration.approval.Approvals#person} as a step's agent,
 * {@link dev.devora.orchestration.approval.Approvals#gate} as a gate, answered with a
 * {@link dev.devora.orchestration.approval.Decision}.
 */
package dev.devora.orchestration.approval;
