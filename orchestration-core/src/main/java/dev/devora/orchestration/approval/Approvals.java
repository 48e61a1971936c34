package dev.devora.orchestration.approval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentCall;
import dev.devora.orchestration.agent.AgentResult;
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
 *     .step(Steps.agent("approve-plan", Approvals.person("product-owner")).prompt("Approve this plan:\n{{plan}}"))
 *     .step(Steps.loop("copy", Steps.agent("write", writer).prompt("Write the copy. {{gate.feedback}}"))
 *             .until(Approvals.gate("editor"), 100).maxIterations(3))
 *     .build();
 * }</pre>
 *
 * Work in progress (issue 11): timeouts and escalation are not built yet.
 */
public final class Approvals {
    /** The kind of request an approval journals. */
    public static final String KIND = "approval";

    private Approvals() {
    }

    /**
     * An agent that asks a person: it shows its prompt (the step's rendered template) and answers with it when
     * approved, with the person's text when edited, and fails the step with {@link RejectedException} (not retried)
     * when rejected.
     *
     * @param name the approver's name, e.g. {@code product-owner}
     * @return the agent
     */
    public static Agent person(String name) {
        return new Agent() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AgentResult run(AgentCall call) {
                ObjectNode request = JsonNodeFactory.instance.objectNode().put("approver", name)
                        .put("show", call.prompt());
                Decision d = Decision.fromJson(call.context().await(KIND, request));
                switch (d.verdict()) {
                    case APPROVE:
                        return new AgentResult(call.prompt(), null, null);
                    case EDIT:
                        return new AgentResult(d.edited(), null, null);
                    default:
                        throw new RejectedException(name, d.feedback());
                }
            }

            @Override
            public String toString() {
                return "Approvals.person(" + name + ")";
            }
        };
    }

    /**
     * A gate a person passes: approve passes (score 100), reject fails (score 0) with the person's feedback, which a
     * gated loop gives the next iteration as {@code {{gate.feedback}}}. An edit counts as an approval here.
     *
     * @param name the gate's name
     * @return the gate
     */
    public static QualityGate gate(String name) {
        return QualityGate.of(name, (GateInput in) -> {
            ObjectNode request = JsonNodeFactory.instance.objectNode().put("approver", name)
                    .put("subject", in.subjectId()).put("attempt", in.attempt()).put("show", in.text());
            Decision d = Decision.fromJson(in.context().await(KIND, request));
            return d.verdict() == Decision.Verdict.REJECT
                    ? GateVerdict.builder(name, 0, in.threshold()).feedback(d.feedback()).build()
                    : GateVerdict.builder(name, 100, in.threshold()).feedback(d.feedback()).build();
        });
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
