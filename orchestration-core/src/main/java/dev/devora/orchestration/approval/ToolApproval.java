package dev.devora.orchestration.approval;

import dev.devora.orchestration.agent.CallContext;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolResult;

import java.util.Objects;

/**
 * A tool that runs only when a person approves the call ({@link Approvals#tool}): when the model asks for it, the
 * run waits (holding no thread) with the tool's name and arguments shown to the approver, before anything runs.
 * Approved, the call runs; edited, it runs with the person's arguments (a JSON object, checked against the tool's
 * schema like the model's); rejected, the model gets an error result with the person's feedback and may try
 * something else. The model's earlier answers in the step are kept in the journal, so continuing the run asks
 * (and pays) nothing twice. The other calls of the same answer wait for the decisions too; all of them are asked at
 * once, in the model's order.
 *
 * <pre>{@code
 * Tool deploy = Approvals.tool(Tools.of("deploy", "Deploys a build", Build.class, ops::deploy),
 *         Approvals.person("release-manager"));
 * LlmAgent operator = LlmAgent.builder("operator").provider(llm).tool(deploy).build();
 * }</pre>
 */
public final class ToolApproval implements Tool {
    /** The kind of request a tool approval journals. */
    public static final String KIND = "tool-approval";

    private final Tool tool;
    private final Approver approver;

    ToolApproval(Tool tool, Approver approver) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.approver = Objects.requireNonNull(approver, "approver");
    }

    @Override
    public ToolDefinition definition() {
        return tool.definition();
    }

    /**
     * Runs the tool itself: the engine calls it once the call was approved (or edited).
     *
     * @param invocation the approved arguments
     * @return the tool's result
     * @throws Exception what the tool throws
     */
    @Override
    public ToolResult call(ToolInvocation invocation) throws Exception {
        return tool.call(invocation);
    }

    /**
     * Who approves the calls.
     *
     * @return the approver
     */
    public Approver approver() {
        return approver;
    }

    /**
     * Asks the approver about one call: the answer when decided.
     *
     * @param context       the agent's call context
     * @param argumentsJson the arguments the model gave
     * @return the decision
     * @throws dev.devora.orchestration.RunWaitingException while undecided
     */
    public Decision ask(CallContext context, String argumentsJson) {
        String name = tool.definition().name();
        com.fasterxml.jackson.databind.node.ObjectNode request = Approver.request(approver.name(),
                "call tool " + name + " with " + argumentsJson, approver.allowed()).put("tool", name)
                .put("arguments", argumentsJson);
        return Decision.fromJson(context.await(KIND, request, id -> { }, approver.timeoutPolicy()));
    }

    @Override
    public String toString() {
        return "Approvals.tool(" + tool.definition().name() + ", " + approver.name() + ")";
    }
}
