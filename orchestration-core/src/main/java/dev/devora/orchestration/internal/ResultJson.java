package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.GateRecord;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunWarning;
import dev.devora.orchestration.engine.SquadMetrics;
import dev.devora.orchestration.engine.StepMetrics;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.workflow.StepOutput;

import java.util.Map;

/** JSON forms of a {@link WorkflowResult}: the deterministic run state, and the full record with ids and timings. */
public final class ResultJson {
    private ResultJson() {
    }

    /** Input, outputs, deliverables, gates, warnings, status and accounting; no run id, no timings. */
    public static ObjectNode state(WorkflowResult r) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("workflow", r.workflowId());
        root.put("status", r.status().name());
        root.set("input", r.input());
        ObjectNode outputs = root.putObject("outputs");
        for (Map.Entry<String, StepOutput> e : r.outputs().entrySet()) outputs.set(e.getKey(), e.getValue().toJson());
        root.set("deliverables", r.deliverables());
        ArrayNode gates = root.putArray("gates");
        for (GateRecord g : r.gateHistory()) gates.add(gate(g));
        ArrayNode warnings = root.putArray("warnings");
        for (RunWarning w : r.warnings()) warnings.addObject().put("path", w.path()).put("message", w.message());
        r.failure().ifPresent(f -> root.putObject("failure").put("type", f.getClass().getSimpleName())
                .put("message", f.getMessage()).put("retriable", f.isRetriable()));
        root.set("usage", usage(r.metrics().usage()).put("calls", r.metrics().llmCalls())
                .put("calls_without_cost", r.metrics().callsWithoutCost())
                .put("agents_executed", r.metrics().agentsExecuted()).put("retries", r.metrics().retries()));
        ObjectNode steps = root.putObject("steps");
        for (StepMetrics m : r.metrics().steps().values()) steps.set(m.path(), step(m, false));
        ObjectNode squads = root.putObject("squads");
        for (SquadMetrics m : r.metrics().squads().values()) {
            squads.set(m.squad(), usage(m.usage()).put("agents_executed", m.agentsExecuted())
                    .put("calls", m.llmCalls()).put("retries", m.retries()));
        }
        return root;
    }

    /** The state plus run id, wall times and every call with its model, latency and request id. */
    public static ObjectNode full(WorkflowResult r) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("run_id", r.runId());
        root.put("wall_time_ms", r.metrics().wallTime().toMillis());
        root.setAll(state(r));
        ObjectNode steps = root.putObject("steps");
        for (StepMetrics m : r.metrics().steps().values()) steps.set(m.path(), step(m, true));
        ArrayNode calls = root.putArray("calls");
        for (LlmCallRecord c : r.metrics().calls()) {
            ObjectNode call = calls.addObject().put("path", c.path()).put("agent", c.agent()).put("model", c.model())
                    .put("latency_ms", c.latency().toMillis()).put("request_id", c.requestId());
            call.set("usage", usage(c.usage()));
            if (c.aborted()) call.put("aborted", true);
        }
        return root;
    }

    private static ObjectNode step(StepMetrics m, boolean withTime) {
        ObjectNode n = usage(m.usage()).put("kind", m.kind()).put("executions", m.executions())
                .put("calls", m.llmCalls()).put("retries", m.retries());
        if (m.agent() != null) n.put("agent", m.agent());
        if (m.squad() != null) n.put("squad", m.squad());
        if (withTime) n.put("wall_time_ms", m.wallTime().toMillis());
        return n;
    }

    private static ObjectNode usage(Usage u) {
        ObjectNode n = Json.NODES.objectNode().put("prompt_tokens", u.promptTokens())
                .put("completion_tokens", u.completionTokens()).put("reasoning_tokens", u.reasoningTokens())
                .put("cached_tokens", u.cachedTokens());
        if (u.costUsd() != null) n.put("cost_usd", u.costUsd().stripTrailingZeros().toPlainString());
        if (u.isCostEstimated()) {
            n.put("estimated_cost_usd", u.estimatedCostUsd().stripTrailingZeros().toPlainString());
        }
        return n;
    }

    private static JsonNode gate(GateRecord g) {
        GateVerdict v = g.verdict();
        ObjectNode n = Json.NODES.objectNode().put("path", g.path()).put("attempt", g.attempt()).put("gate", v.gate())
                .put("score", v.score()).put("threshold", v.threshold()).put("passed", v.passed());
        ArrayNode checks = n.putArray("checks");
        for (CheckResult c : v.checks()) {
            checks.addObject().put("name", c.name()).put("score", c.score()).put("passed", c.passed()).put("detail", c.detail());
        }
        ArrayNode blockers = n.putArray("blockers");
        v.blockers().forEach(blockers::add);
        ArrayNode recs = n.putArray("recommendations");
        v.recommendations().forEach(recs::add);
        n.put("feedback", v.feedback());
        return n;
    }
}
