package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.GateRecord;
import dev.devora.orchestration.engine.RunMetrics;
import dev.devora.orchestration.engine.StepMetrics;
import dev.devora.orchestration.engine.WorkflowResult;

import java.util.Locale;
import java.util.Map;

/**
 * The seed-shaped report of a run: {@code status}, the deliverables (at the top level, or under
 * {@code deliverables} for the workflows whose seed output does so), {@code metrics}, {@code gate_history},
 * {@code warnings} and {@code error}.
 *
 * <pre>{@code
 * JsonNode report = Reports.of(result, false);
 * report.path("api_specification").path("openapi");
 * }</pre>
 */
public final class Reports {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Reports() {
    }

    public static ObjectNode of(WorkflowResult result, boolean wrapDeliverables) {
        ObjectNode r = NODES.objectNode();
        r.put("status", switch (result.status()) {
            case SUCCEEDED -> "success";
            case PARTIAL -> "partial";
            case CANCELLED -> "cancelled";
            case RUNNING, PAUSED -> result.status().name().toLowerCase(Locale.ROOT);
            default -> "failed";
        });
        JsonNode deliverables = result.deliverables() == null ? NODES.objectNode() : result.deliverables();
        if (wrapDeliverables) {
            r.set("deliverables", deliverables);
        } else {
            for (Map.Entry<String, JsonNode> e : deliverables.properties()) {
                r.set(e.getKey(), e.getValue());
            }
        }
        r.set("metrics", metrics(result.metrics()));
        ArrayNode gates = r.putArray("gate_history");
        for (GateRecord g : result.gateHistory()) {
            ObjectNode o = gates.addObject().put("path", g.path()).put("attempt", g.attempt())
                    .put("gate", g.verdict().gate()).put("score", g.verdict().score())
                    .put("threshold", g.verdict().threshold()).put("passed", g.verdict().passed());
            ArrayNode blockers = o.putArray("blockers");
            g.verdict().blockers().forEach(blockers::add);
            o.put("feedback", g.verdict().feedback());
        }
        ArrayNode warnings = r.putArray("warnings");
        result.warnings().forEach(w -> warnings.add(w.path() + ": " + w.message()));
        result.failure().ifPresent(f -> r.put("error", f.getMessage()));
        return r;
    }

    static ObjectNode metrics(RunMetrics m) {
        ObjectNode o = NODES.objectNode();
        o.put("total_tokens", m.usage().totalTokens());
        o.put("prompt_tokens", m.usage().promptTokens());
        o.put("completion_tokens", m.usage().completionTokens());
        if (m.usage().costUsd() != null) o.put("cost_usd", m.usage().costUsd());
        else if (m.usage().isCostEstimated()) o.put("estimated_cost_usd", m.usage().estimatedCostUsd());
        o.put("total_time", m.wallTime().toMillis() / 1000.0);
        o.put("agents_executed", m.agentsExecuted());
        o.put("llm_calls", m.llmCalls());
        o.put("retries", m.retries());
        int executions = 0;
        int retries = 0;
        for (StepMetrics s : m.steps().values()) {
            if ("agent".equals(s.kind())) {
                executions += s.executions();
                retries += s.retries();
            }
        }
        o.put("success_rate", executions + retries == 0 ? 1.0 : (double) executions / (executions + retries));
        ObjectNode squads = o.putObject("squads");
        m.squads().forEach((id, s) -> squads.put(id, s.usage().totalTokens()));
        return o;
    }
}
