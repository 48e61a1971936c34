package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's steps and gate history, read from its numbered events: the same helper for a run started in this process
 * (its {@link RunEvents}) and for a stored one (its journal's events replayed into a {@link RunEvents}). One entry per
 * step path, in the order the steps first appeared: kind, status ({@code running}, {@code waiting}, {@code succeeded},
 * {@code failed}, {@code skipped}), first start and last end, summed duration, executions, retries, model tokens and
 * cost of its calls, and whether it broke its SLA (then the SLA and how long the step had taken, from its first start
 * and counting any wait, when the breach was recorded). A
 * stored run's journal has no step starts: a step's start is then its end minus its duration.
 *
 * <pre>{@code
 * RunSteps steps = RunSteps.of(started.events().snapshot());
 * detail.set("steps", steps.steps());
 * detail.set("gate_history", steps.gateHistory());
 * }</pre>
 */
public final class RunSteps {
    private final ArrayNode steps;
    private final ArrayNode gates;

    private RunSteps(ArrayNode steps, ArrayNode gates) {
        this.steps = steps;
        this.gates = gates;
    }

    /** One step path's accumulated facts. */
    private static final class Step {
        String kind;
        String status = "running";
        Instant started;
        Instant ended;
        long durationMs;
        int executions;
        int calls;
        long promptTokens;
        long completionTokens;
        BigDecimal cost = BigDecimal.ZERO;
        boolean costKnown;
        String error;
        int retries;
        boolean slaBreached;
        long slaMs;
        long slaElapsedMs;
    }

    /** The steps and gates of these events. */
    public static RunSteps of(List<RunEvents.Numbered> events) {
        Map<String, Step> byPath = new LinkedHashMap<>();
        ArrayNode gates = Json.NODES.arrayNode();
        for (RunEvents.Numbered n : events) {
            JsonNode d = n.data();
            String path = d.path("path").asText(null);
            if (path == null) continue;
            Instant at = instant(d.path("at"));
            switch (n.type()) {
                case "step-started" -> {
                    Step s = byPath.computeIfAbsent(path, p -> new Step());
                    s.kind = d.path("kind").asText(s.kind);
                    s.status = "running";
                    if (s.started == null) s.started = at;
                }
                case "step-completed" -> {
                    Step s = byPath.computeIfAbsent(path, p -> new Step());
                    s.kind = d.path("kind").asText(s.kind);
                    long ms = d.path("duration_ms").asLong(0);
                    s.status = "succeeded";
                    s.durationMs += ms;
                    s.executions++;
                    if (s.started == null && at != null) s.started = at.minusMillis(ms);
                    s.ended = at;
                }
                case "step-failed" -> {
                    Step s = byPath.computeIfAbsent(path, p -> new Step());
                    s.kind = d.path("kind").asText(s.kind);
                    s.status = "failed";
                    s.executions++;
                    s.ended = at;
                    if (s.started != null && at != null) s.durationMs += Math.max(0, at.toEpochMilli() - s.started.toEpochMilli());
                    s.error = d.path("error").path("message").asText(null);
                }
                case "step-skipped" -> {
                    Step s = byPath.computeIfAbsent(path, p -> new Step());
                    s.status = "skipped";
                    if (s.started == null) s.started = at;
                    s.ended = at;
                }
                case "llm-call-completed" -> {
                    Step s = byPath.computeIfAbsent(path, p -> new Step());
                    JsonNode u = d.path("usage");
                    s.calls++;
                    s.promptTokens += u.path("prompt_tokens").asLong(0);
                    s.completionTokens += u.path("completion_tokens").asLong(0);
                    JsonNode cost = u.path("cost_usd").isNumber() ? u.path("cost_usd") : u.path("estimated_cost_usd");
                    if (cost.isNumber()) {
                        s.cost = s.cost.add(cost.decimalValue());
                        s.costKnown = true;
                    }
                }
                case "wait-started" -> {
                    Step s = byPath.computeIfAbsent(path, p -> new Step());
                    s.status = "waiting";
                    if (s.started == null) s.started = at;
                }
                case "step-retried" -> byPath.computeIfAbsent(path, p -> new Step()).retries++;
                case "sla-breached" -> {
                    Step s = byPath.computeIfAbsent(path, p -> new Step());
                    s.slaMs = d.path("sla_ms").asLong();
                    s.slaElapsedMs = d.path("elapsed_ms").asLong();
                    s.slaBreached = true;
                }
                case "gate-evaluated" -> {
                    JsonNode v = d.path("verdict");
                    ObjectNode g = gates.addObject().put("path", path).put("attempt", d.path("attempt").asInt())
                            .put("gate", v.path("gate").asText()).put("score", v.path("score").asInt())
                            .put("threshold", v.path("threshold").asInt()).put("passed", v.path("passed").asBoolean())
                            .put("feedback", v.path("feedback").asText(""));
                    g.set("blockers", v.path("blockers").isArray() ? v.path("blockers") : Json.NODES.arrayNode());
                    g.put("at", at == null ? null : at.toString());
                }
                default -> {
                }
            }
        }
        ArrayNode steps = Json.NODES.arrayNode();
        byPath.forEach((path, s) -> {
            ObjectNode o = steps.addObject().put("path", path).put("kind", s.kind).put("status", s.status)
                    .put("started_at", s.started == null ? null : s.started.toString())
                    .put("ended_at", s.ended == null ? null : s.ended.toString())
                    .put("duration_ms", s.durationMs).put("executions", s.executions).put("llm_calls", s.calls)
                    .put("prompt_tokens", s.promptTokens).put("completion_tokens", s.completionTokens)
                    .put("total_tokens", s.promptTokens + s.completionTokens);
            if (s.costKnown) o.put("cost_usd", s.cost.toPlainString());
            else o.putNull("cost_usd");
            o.put("retries", s.retries).put("sla_breached", s.slaBreached);
            if (s.slaBreached) o.put("sla_ms", s.slaMs).put("sla_elapsed_ms", s.slaElapsedMs);
            if (s.error != null) o.put("error", s.error);
        });
        return new RunSteps(steps, gates);
    }

    /** {@return one object per step path} */
    public ArrayNode steps() {
        return steps;
    }

    /** {@return each gate attempt: path, attempt, gate, score, threshold, passed, feedback, blockers, at} */
    public ArrayNode gateHistory() {
        return gates;
    }

    /** {@return the last progress percent among the events; or -1 when there is none} */
    public static int lastProgress(List<RunEvents.Numbered> events) {
        int p = -1;
        for (RunEvents.Numbered n : events) if (n.type().equals("progress")) p = n.data().path("percent").asInt(p);
        return p;
    }

    private static Instant instant(JsonNode n) {
        if (!n.isTextual()) return null;
        try {
            return Instant.parse(n.asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
