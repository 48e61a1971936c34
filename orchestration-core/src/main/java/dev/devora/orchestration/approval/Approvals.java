package dev.devora.orchestration.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.agent.WaitTimeout;
import dev.devora.orchestration.gate.GateInput;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;

/**
 * Decisions by a person, as steps and gates. The run waits ({@code RunStatus.WAITING}, no thread held) until
 * {@code engine.decide(...)} answers, in this process or another one on the same run store.
 *
 * <pre>{@code
 * Workflow wf = Workflow.builder("launch")
 *     .step(Steps.agent("plan", planner).prompt("Plan the launch of {{input.product}}."))
 *     .step(Steps.approval("approve-plan", Approvals.person("product-owner"), "Approve this plan:\n{{plan}}"))
 *     .step(Steps.loop("copy", Steps.agent("write", writer).prompt("Write the copy. {{gate.feedback}}"))
 *             .until(Approvals.gate("editor"), 100).maxIterations(3))
 *     .build();
 * }</pre>
 *
 * Each can carry a timeout ({@link WaitTimeout}): fail, take a default decision, or escalate and keep waiting.
 */
public final class Approvals {
    /** The kind of request an approval journals. */
    public static final String KIND = "approval";

    private Approvals() {
    }

    /**
     * A person as an agent ({@link Approver}): it shows its prompt (the step's rendered template) and answers with it
     * when approved, with the person's text when edited, and fails the step with {@link RejectedException} (not
     * retried) when rejected. Every answer is offered and it waits as long as it takes; see
     * {@link Approver#allowing} and {@link Approver#timeout}.
     *
     * @param name the approver's name, e.g. {@code product-owner}
     * @return the approver
     */
    public static Approver person(String name) {
        return new Approver(name, java.util.EnumSet.allOf(Decision.Verdict.class), null);
    }

    /**
     * A gate a person passes: approve passes (score 100), reject fails (score 0) with the person's feedback, which a
     * gated loop gives the next iteration as {@code {{gate.feedback}}}. It offers approve and reject.
     *
     * @param name the gate's name
     * @return the gate
     */
    public static QualityGate gate(String name) {
        return gate(name, null);
    }

    /**
     * A gate a person passes, with a timeout policy; see {@link #gate(String)}.
     *
     * @param name    the gate's name
     * @param timeout what happens without a decision in time (a default decision must approve or reject); or null
     * @return the gate
     * @throws IllegalArgumentException when a default answer is not an approval or a rejection
     */
    public static QualityGate gate(String name, WaitTimeout timeout) {
        java.util.Set<Decision.Verdict> allowed = java.util.EnumSet.of(Decision.Verdict.APPROVE, Decision.Verdict.REJECT);
        if (timeout != null && timeout.action() == WaitTimeout.Action.ANSWER
                && !allowed.contains(Decision.fromJson(timeout.answer()).verdict())) {
            throw new IllegalArgumentException("Approvals.gate: a default decision must approve or reject, was "
                    + timeout.answer());
        }
        return QualityGate.of(name, (GateInput in) -> {
            ObjectNode request = Approver.request(name, in.text(), allowed).put("subject", in.subjectId())
                    .put("attempt", in.attempt());
            Decision d = Decision.fromJson(in.context().await(KIND, request, id -> { }, timeout));
            return d.verdict() == Decision.Verdict.REJECT
                    ? GateVerdict.builder(name, 0, in.threshold()).feedback(d.feedback()).build()
                    : GateVerdict.builder(name, 100, in.threshold()).feedback(d.feedback()).build();
        });
    }

    /**
     * A tool whose every call a person approves, corrects or rejects before it runs ({@link ToolApproval}).
     *
     * @param tool     the tool
     * @param approver who decides (its allowed answers and timeout apply)
     * @return the guarded tool, to give an agent instead of {@code tool}
     */
    public static ToolApproval tool(dev.devora.orchestration.tool.Tool tool, Approver approver) {
        return new ToolApproval(tool, approver);
    }

    /** A person rejected the work of an approval step. */
    public static final class RejectedException extends OrchestrationException {
        /**
         * A rejection.
         *
         * @param approver who rejected
         * @param feedback why
         */
        public RejectedException(String approver, String feedback) {
            super("rejected by " + approver + (feedback.isEmpty() ? "" : ": " + feedback), null, false);
        }
    }
}
