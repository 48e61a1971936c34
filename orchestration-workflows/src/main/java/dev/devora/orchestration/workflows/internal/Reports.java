package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.GateRecord;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunMetrics;
import dev.devora.orchestration.engine.SquadMetrics;
import dev.devora.orchestration.engine.StepMetrics;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.workflows.Deliverables;
import dev.devora.orchestration.workflows.ReportContext;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report of a run, one schema for every workflow ({@value #SCHEMA_VERSION}; documented in
 * {@code docs/workflows.md}, "The report"): {@code schema_version}, {@code metadata} (library version, execution
 * id, when the report was generated), {@code run_id}, {@code workflow_id},
 * {@code status}, {@code started_at}, {@code finished_at}, {@code duration_seconds}, {@code costs} (reported,
 * estimated, incomplete, simulated or none), {@code totals}, {@code steps} (agent, models, tokens, cost, time,
 * retries), {@code squads}, {@code gate_history} (with the failed checks), {@code warnings}, {@code error},
 * {@code errors} (every failure: see {@link RunErrors}), then
 * {@code deliverables} (always under that key) and {@code files} (what {@code writeDeliverables} writes).
 *
 * <pre>{@code
 * ObjectNode report = Reports.of(result, ReportContext.NONE, recipe.files());
 * report.path("deliverables").path("api_specification").path("openapi");
 * }</pre>
 */
public final class Reports {
    /** The version of the schema below; raised when a field changes meaning or is removed. */
    public static final int SCHEMA_VERSION = 1;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Reports() {
    }

    /**
     * The report of {@code result}.
     *
     * @param context timestamps and whether the provider was simulated
     * @param names   the workflow's file names for deliverable paths (as for {@link Deliverables#files})
     */
    public static ObjectNode of(WorkflowResult result, ReportContext context, Map<String, String> names) {
        return of(result, context, names, Instant.now());
    }

    /**
     * The report of {@code result}, generated at {@code generatedAt} (its {@code metadata.generated_at}).
     *
     * @param context     timestamps and whether the provider was simulated
     * @param names       the workflow's file names for deliverable paths
     * @param generatedAt when the report is made
     */
    static ObjectNode of(WorkflowResult result, ReportContext context, Map<String, String> names, Instant generatedAt) {
        RunMetrics m = result.metrics();
        ObjectNode r = NODES.objectNode();
        r.put("schema_version", SCHEMA_VERSION);
        r.putObject("metadata").put("library_version", LibraryVersion.get()).put("execution_id", result.runId())
                .put("generated_at", generatedAt.toString());
        r.put("run_id", result.runId());
        r.put("workflow_id", result.workflowId());
        r.put("status", switch (result.status()) {
            case SUCCEEDED -> "success";
            case PARTIAL -> "partial";
            case CANCELLED -> "cancelled";
            case RUNNING, PAUSED -> result.status().name().toLowerCase(Locale.ROOT);
            default -> "failed";
        });
        r.put("started_at", instant(context.startedAt()));
        r.put("finished_at", instant(context.finishedAt()));
        r.put("duration_seconds", seconds(m.wallTime()));
        r.put("costs", costs(m, context.simulated()));
        r.set("totals", totals(m));
        r.set("steps", steps(m));
        Map<String, String> squadOfPath = new LinkedHashMap<>();
        m.steps().values().forEach(s -> { if (s.squad() != null) squadOfPath.put(s.path(), s.squad()); });
        ArrayNode squads = r.putArray("squads");
        for (SquadMetrics s : m.squads().values()) {
            ObjectNode o = squads.addObject().put("squad", s.squad()).put("agents_executed", s.agentsExecuted())
                    .put("llm_calls", s.llmCalls()).put("retries", s.retries());
            usage(o, s.usage(), m.calls().stream().filter(c -> s.squad().equals(squadOfPath.get(c.path()))).toList());
        }
        r.set("gate_history", gates(result));
        ArrayNode warnings = r.putArray("warnings");
        result.warnings().forEach(w -> warnings.addObject().put("path", w.path()).put("message", w.message()));
        r.put("error", result.failure().map(Throwable::getMessage).orElse(null));
        ArrayNode errors = r.putArray("errors");
        for (RunErrors.Entry e : RunErrors.of(result)) {
            errors.addObject().put("path", e.path()).put("kind", e.kind()).put("type", e.type()).put("message", e.message());
        }
        JsonNode deliverables = result.deliverables() == null || result.deliverables().isMissingNode()
                ? NODES.objectNode() : result.deliverables();
        r.set("deliverables", deliverables);
        ArrayNode files = r.putArray("files");
        Deliverables.files(deliverables, names).keySet().forEach(files::add);
        return r;
    }

    /**
     * Where the costs come from, judged call by call: {@code simulated} (a simulated provider: fake), {@code none}
     * (no model call), {@code incomplete} (some call's cost is neither reported nor estimated: the totals leave it
     * out), {@code estimated} (at least one call's cost is a client-side estimate from list prices), else
     * {@code reported} (every call's cost as the provider reported it).
     */
    static String costs(RunMetrics m, boolean simulated) {
        if (simulated) return "simulated";
        if (m.calls().isEmpty()) return "none";
        boolean estimated = false;
        for (LlmCallRecord c : m.calls()) {
            if (c.usage().costOrEstimateUsd() == null) return "incomplete";
            estimated |= c.usage().isCostEstimated();
        }
        return estimated ? "estimated" : "reported";
    }

    private static ObjectNode totals(RunMetrics m) {
        ObjectNode o = NODES.objectNode();
        o.put("llm_calls", m.llmCalls());
        o.put("agents_executed", m.agentsExecuted());
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
        usage(o, m.usage(), m.calls());
        o.put("calls_without_cost", m.callsWithoutCost());
        return o;
    }

    private static ArrayNode steps(RunMetrics m) {
        Map<String, Set<String>> models = new LinkedHashMap<>();
        Map<String, List<LlmCallRecord>> calls = new LinkedHashMap<>();
        for (LlmCallRecord c : m.calls()) {
            if (c.model() != null) models.computeIfAbsent(c.path(), k -> new LinkedHashSet<>()).add(c.model());
            calls.computeIfAbsent(c.path(), k -> new ArrayList<>()).add(c);
        }
        ArrayNode steps = NODES.arrayNode();
        for (StepMetrics s : m.steps().values()) {
            ObjectNode o = steps.addObject().put("path", s.path()).put("kind", s.kind()).put("agent", s.agent())
                    .put("squad", s.squad());
            ArrayNode answered = o.putArray("models");
            models.getOrDefault(s.path(), Set.of()).forEach(answered::add);
            o.put("executions", s.executions()).put("llm_calls", s.llmCalls()).put("retries", s.retries());
            usage(o, s.usage(), calls.getOrDefault(s.path(), List.of()));
            o.put("calls_without_cost", s.callsWithoutCost());
            o.put("time_seconds", seconds(s.wallTime()));
        }
        return steps;
    }

    private static ArrayNode gates(WorkflowResult result) {
        ArrayNode gates = NODES.arrayNode();
        for (GateRecord g : result.gateHistory()) {
            ObjectNode o = gates.addObject().put("path", g.path()).put("gate", g.verdict().gate()).put("attempt", g.attempt())
                    .put("score", g.verdict().score()).put("threshold", g.verdict().threshold())
                    .put("passed", g.verdict().passed());
            ArrayNode failed = o.putArray("failed_checks");
            for (CheckResult c : g.verdict().checks()) {
                if (!c.passed()) failed.addObject().put("name", c.name()).put("score", c.score()).put("detail", c.detail());
            }
            ArrayNode blockers = o.putArray("blockers");
            g.verdict().blockers().forEach(blockers::add);
            ArrayNode recommendations = o.putArray("recommendations");
            g.verdict().recommendations().forEach(recommendations::add);
            o.put("feedback", g.verdict().feedback());
        }
        return gates;
    }

    /**
     * Tokens by kind (from {@code u}), {@code cost_usd} (the sum over {@code calls} of each call's reported cost,
     * else its estimate; null when no call has either) and {@code cost_estimated} (whether that sum holds an
     * estimate). The costs are summed from the calls because the engine's usage totals hold reported costs only.
     */
    private static void usage(ObjectNode o, Usage u, List<LlmCallRecord> calls) {
        o.put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.completionTokens())
                .put("reasoning_tokens", u.reasoningTokens()).put("cached_tokens", u.cachedTokens())
                .put("total_tokens", u.totalTokens());
        BigDecimal cost = null;
        boolean estimated = false;
        for (LlmCallRecord c : calls) {
            BigDecimal known = c.usage().costOrEstimateUsd();
            if (known == null) continue;
            cost = cost == null ? known : cost.add(known);
            estimated |= c.usage().isCostEstimated();
        }
        o.put("cost_usd", cost);
        o.put("cost_estimated", estimated);
    }

    private static String instant(Instant at) {
        return at == null ? null : at.toString();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1_000_000L / 1000.0;
    }
}
