package dev.devora.orchestration.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.llm.Usage;
import dev.devora.orchestration.workflow.StepOutput;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of journal entries, for stores that keep text ({@code orchestration-jdbc}, files). Exact: an entry
 * read back equals the entry written (amounts as decimal strings, outputs as their JSON), so a resumed run's state
 * is byte for byte that of an uninterrupted one.
 *
 * <pre>{@code
 * String json = JournalJson.write(entry);
 * JournalEntry same = JournalJson.read(json);
 * }</pre>
 */
public final class JournalJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Outputs nest at most 900 levels (the engine's bound); the entry adds a few around them. */
    private static final ObjectMapper MAPPER = mapper();

    private static ObjectMapper mapper() {
        com.fasterxml.jackson.core.JsonFactory factory = com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000)
                        .maxStringLength(Integer.MAX_VALUE).build())
                .build();
        factory.setCharacterEscapes(new SurrogateEscapes());
        return JsonMapper.builder(factory).build();
    }

    /**
     * Writes every UTF-16 surrogate as a JSON escape (backslash, u, four hex digits): a surrogate that is not half of
     * a pair (an answer cut in the middle of an emoji) cannot be encoded in UTF-8, so a store keeping the text in a
     * UTF-8 database would read it back as {@code ?}; escaped, it reads back exactly. Everything else is written as
     * Jackson writes it.
     */
    private static final class SurrogateEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE
                    ? new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    private JournalJson() {
    }

    /**
     * An entry as one line of JSON, with its {@code type} and {@code seq}.
     *
     * @param entry the entry
     * @return the JSON text
     */
    public static String write(JournalEntry entry) {
        try {
            return MAPPER.writeValueAsString(toJson(entry));
        } catch (JsonProcessingException e) {
            throw new RunStoreException("journal entry " + entry.seq() + " (" + entry.type()
                    + ") cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads an entry written by {@link #write}.
     *
     * @param json the JSON text
     * @return the entry
     * @throws RunStoreException if the text is not such an entry, naming the field and the value
     */
    public static JournalEntry read(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RunStoreException("journal entry is not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) throw new RunStoreException("journal entry is not a JSON object", null);
        return fromJson((ObjectNode) node);
    }

    /**
     * An entry as a JSON object.
     *
     * @param entry the entry
     * @return a new object with {@code type}, {@code seq}, {@code at} and the entry's fields
     */
    public static ObjectNode toJson(JournalEntry entry) {
        ObjectNode n = NODES.objectNode();
        n.put("type", entry.type()).put("seq", entry.seq()).put("at", entry.at().toString());
        if (entry.key() != null) n.put("key", entry.key());
        String instance = instanceOf(entry);
        if (instance != null && !instance.isEmpty()) n.put("instance", instance);
        if (entry instanceof JournalEntry.RunStarted e) {
            n.put("workflow", e.workflowId()).put("fingerprint", e.workflowFingerprint());
            n.set("input", e.input());
            n.set("options", options(e.options()));
            ObjectNode fps = n.putObject("step_fingerprints");
            e.stepFingerprints().forEach(fps::put);
        } else if (entry instanceof JournalEntry.StepCompleted e) {
            n.set("step", step(e.step()));
            if (e.output() != null) n.set("output", output(e.output()));
            if (e.skipped()) n.put("skipped", true);
            n.put("nanos", e.nanos());
        } else if (entry instanceof JournalEntry.BranchChosen e) {
            n.set("step", step(e.step()));
            n.put("branch", e.branch()).put("reason", e.reason());
        } else if (entry instanceof JournalEntry.RouteChosen e) {
            n.set("step", step(e.step()));
            n.set("answer", output(e.answer()));
            n.put("route", e.route()).put("reason", e.reason());
        } else if (entry instanceof JournalEntry.LoopDecided e) {
            n.set("step", step(e.step()));
            n.put("iteration", e.iteration()).put("exit", e.exit());
        } else if (entry instanceof JournalEntry.GateEvaluated e) {
            n.set("step", step(e.step()));
            n.put("attempt", e.attempt());
            n.set("verdict", verdict(e.verdict()));
        } else if (entry instanceof JournalEntry.CallRecorded e) {
            n.set("step", step(e.step()));
            n.set("call", call(e.call()));
            if (e.answer() != null) n.set("answer", answer(e.answer()));
        } else if (entry instanceof JournalEntry.ToolCalled e) {
            n.set("step", step(e.step()));
            n.put("tool", e.tool());
            if (e.callId() != null) n.put("call_id", e.callId());
            n.put("arguments_digest", e.argumentsDigest()).put("occurrence", e.occurrence()).put("result", e.result());
            if (e.error()) n.put("error", true);
            if (!e.changedFiles().isEmpty()) {
                ArrayNode files = n.putArray("changed_files");
                e.changedFiles().forEach(files::add);
            }
            n.put("nanos", e.nanos());
        } else if (entry instanceof JournalEntry.WaitRequested e) {
            n.set("step", step(e.step()));
            n.put("request_id", e.requestId()).put("kind", e.kind());
            n.set("request", e.request());
            if (e.timeout() != null) {
                ObjectNode t = n.putObject("timeout");
                t.put("after_ms", e.timeout().after().toMillis()).put("action", e.timeout().action().name());
                if (e.timeout().answer() != null) t.set("answer", e.timeout().answer());
            }
        } else if (entry instanceof JournalEntry.WaitTimedOut e) {
            n.put("request_id", e.requestId()).put("action", e.action().name());
        } else if (entry instanceof JournalEntry.WaitAnswered e) {
            n.put("request_id", e.requestId());
            n.set("answer", e.answer());
        } else if (entry instanceof JournalEntry.RetryScheduled e) {
            n.set("step", step(e.step()));
            n.put("next_attempt", e.nextAttempt()).put("delay_ms", e.delayMillis()).put("cause", e.cause());
        } else if (entry instanceof JournalEntry.WarningRecorded e) {
            n.put("path", e.path()).put("message", e.message());
            if (e.partial()) n.put("partial", true);
        } else if (entry instanceof JournalEntry.RunSuspended e) {
            n.put("reason", e.reason());
        } else if (entry instanceof JournalEntry.RunResumed e) {
            n.put("reason", e.reason());
            n.set("options", options(e.options()));
            ObjectNode fps = n.putObject("step_fingerprints");
            e.stepFingerprints().forEach(fps::put);
        } else if (entry instanceof JournalEntry.RunEnded e) {
            n.put("status", e.status().name());
            if (e.failureType() != null) n.put("failure_type", e.failureType());
            if (e.failureMessage() != null) n.put("failure_message", e.failureMessage());
        } else if (entry instanceof JournalEntry.SlaStarted e) {
            n.set("step", step(e.step()));
        } else if (entry instanceof JournalEntry.SlaBreached e) {
            n.set("step", step(e.step()));
            n.put("sla", e.sla().toString()).put("elapsed", e.elapsed().toString());
        }
        return n;
    }

    /**
     * Reads an entry from its JSON object.
     *
     * @param n the object written by {@link #toJson}
     * @return the entry
     * @throws RunStoreException if a field is missing or has the wrong type, naming it and the value
     */
    public static JournalEntry fromJson(ObjectNode n) {
        Fields f = new Fields(n);
        String type = f.text("type");
        long seq = f.longValue("seq");
        Instant at = f.instant("at");
        switch (type) {
            case "run_started":
                return new JournalEntry.RunStarted(seq, at, f.text("workflow"), f.text("fingerprint"),
                        f.object("input"), f.options("options"), f.fingerprints());
            case "step_completed":
                return new JournalEntry.StepCompleted(seq, at, f.step(), f.instance(), f.outputOrNull("output"),
                        n.path("skipped").asBoolean(false), f.longValue("nanos"));
            case "branch_chosen":
                return new JournalEntry.BranchChosen(seq, at, f.step(), f.instance(), f.textOrNull("branch"),
                        f.text("reason"));
            case "route_chosen":
                return new JournalEntry.RouteChosen(seq, at, f.step(), f.instance(), f.outputOrNull("answer"),
                        f.text("route"), f.text("reason"));
            case "loop_decided":
                return new JournalEntry.LoopDecided(seq, at, f.step(), f.instance(), f.intValue("iteration"),
                        f.bool("exit"));
            case "gate_evaluated":
                return new JournalEntry.GateEvaluated(seq, at, f.step(), f.instance(), f.intValue("attempt"),
                        f.verdict("verdict"));
            case "call_recorded":
                return new JournalEntry.CallRecorded(seq, at, f.step(), f.instance(), f.call("call"),
                        answer(n.get("answer")));
            case "tool_called":
                return new JournalEntry.ToolCalled(seq, at, f.step(), f.instance(), f.text("tool"),
                        f.textOrNull("call_id"), f.text("arguments_digest"), f.intValue("occurrence"), f.text("result"),
                        n.path("error").asBoolean(false), f.texts("changed_files"),
                        n.has("nanos") ? f.longValue("nanos") : 0);
            case "retry_scheduled":
                return new JournalEntry.RetryScheduled(seq, at, f.step(), f.instance(), f.intValue("next_attempt"),
                        f.longValue("delay_ms"), f.text("cause"));
            case "warning_recorded":
                return new JournalEntry.WarningRecorded(seq, at, f.text("path"), f.text("message"),
                        n.path("partial").asBoolean(false));
            case "wait_requested":
                return new JournalEntry.WaitRequested(seq, at, f.step(), f.instance(), f.text("request_id"),
                        f.text("kind"), n.get("request") == null ? NODES.nullNode() : n.get("request"),
                        waitTimeout(n.get("timeout")));
            case "wait_timed_out":
                return new JournalEntry.WaitTimedOut(seq, at, f.text("request_id"),
                        dev.devora.orchestration.agent.WaitTimeout.Action.valueOf(f.text("action")));
            case "wait_answered":
                return new JournalEntry.WaitAnswered(seq, at, f.text("request_id"),
                        n.get("answer") == null ? NODES.nullNode() : n.get("answer"));
            case "run_suspended":
                return new JournalEntry.RunSuspended(seq, at, f.text("reason"));
            case "run_resumed":
                return new JournalEntry.RunResumed(seq, at, f.text("reason"), f.options("options"), f.fingerprints());
            case "run_ended":
                return new JournalEntry.RunEnded(seq, at, f.status("status"), f.textOrNull("failure_type"),
                        f.textOrNull("failure_message"));
            case "sla_started":
                return new JournalEntry.SlaStarted(seq, at, f.step(), f.instance());
            case "sla_breached":
                return new JournalEntry.SlaBreached(seq, at, f.step(), f.instance(), f.requiredDuration("sla"),
                        f.requiredDuration("elapsed"));
            default:
                throw f.bad("type", n.get("type"), "an entry type such as step_completed");
        }
    }

    private static String instanceOf(JournalEntry e) {
        if (e instanceof JournalEntry.StepCompleted x) return x.instance();
        if (e instanceof JournalEntry.BranchChosen x) return x.instance();
        if (e instanceof JournalEntry.RouteChosen x) return x.instance();
        if (e instanceof JournalEntry.LoopDecided x) return x.instance();
        if (e instanceof JournalEntry.GateEvaluated x) return x.instance();
        if (e instanceof JournalEntry.CallRecorded x) return x.instance();
        if (e instanceof JournalEntry.RetryScheduled x) return x.instance();
        if (e instanceof JournalEntry.ToolCalled x) return x.instance();
        if (e instanceof JournalEntry.WaitRequested x) return x.instance();
        if (e instanceof JournalEntry.SlaStarted x) return x.instance();
        if (e instanceof JournalEntry.SlaBreached x) return x.instance();
        return null;
    }

    private static ObjectNode answer(JournalEntry.Answer a) {
        ObjectNode n = NODES.objectNode().put("ordinal", a.ordinal()).put("prompt_chars", a.promptChars())
                .put("text", a.text());
        ArrayNode calls = n.putArray("tool_calls");
        for (dev.devora.orchestration.llm.ToolCall c : a.toolCalls()) {
            ObjectNode cn = calls.addObject().put("name", c.name()).put("arguments", c.argumentsJson());
            if (c.id() != null) cn.put("id", c.id());
        }
        if (a.reasoningDetails() != null) n.set("reasoning_details", a.reasoningDetails());
        return n;
    }

    private static JournalEntry.Answer answer(JsonNode n) {
        if (n == null || !n.isObject()) return null;
        List<dev.devora.orchestration.llm.ToolCall> calls = new ArrayList<>();
        for (JsonNode c : n.path("tool_calls")) {
            calls.add(new dev.devora.orchestration.llm.ToolCall(c.hasNonNull("id") ? c.get("id").asText() : null,
                    c.path("name").asText(), c.path("arguments").asText()));
        }
        JsonNode reasoning = n.get("reasoning_details");
        return new JournalEntry.Answer(n.path("ordinal").asInt(), n.path("prompt_chars").asLong(),
                n.path("text").asText(""), calls, reasoning == null || reasoning.isNull() ? null : reasoning);
    }

    private static dev.devora.orchestration.agent.WaitTimeout waitTimeout(JsonNode t) {
        if (t == null || t.isNull()) return null;
        JsonNode answer = t.get("answer");
        return new dev.devora.orchestration.agent.WaitTimeout(java.time.Duration.ofMillis(t.path("after_ms").asLong()),
                dev.devora.orchestration.agent.WaitTimeout.Action.valueOf(t.path("action").asText()),
                answer == null || answer.isNull() ? null : answer);
    }

    private static ObjectNode step(StepRef s) {
        ObjectNode n = NODES.objectNode().put("path", s.path()).put("order", s.orderKey()).put("kind", s.kind());
        if (s.agent() != null) n.put("agent", s.agent());
        if (s.squad() != null) n.put("squad", s.squad());
        return n;
    }

    /** An output: its JSON, and its text when that is not the JSON's own (a model's reply around its JSON). */
    private static ObjectNode output(StepOutput o) {
        ObjectNode n = NODES.objectNode();
        if (o.json() != null) {
            n.set("json", o.json());
            String text = o.text();
            if (!text.equals(dev.devora.orchestration.internal.Json.write(o.json()))) n.put("text", text);
        } else {
            n.put("text", o.text());
        }
        return n;
    }

    private static ObjectNode options(RunOptions o) {
        ObjectNode n = NODES.objectNode();
        if (o == null) return n;
        if (o.timeout() != null) n.put("timeout", o.timeout().toString());
        if (o.maxTokens() != null) n.put("max_tokens", o.maxTokens());
        if (o.maxCostUsd() != null) n.put("max_cost_usd", o.maxCostUsd().toPlainString());
        if (o.runId() != null) n.put("run_id", o.runId());
        if (o.estimatedCallCostUsd() != null) n.put("estimated_call_cost_usd", o.estimatedCallCostUsd().toPlainString());
        return n;
    }

    private static ObjectNode usage(Usage u) {
        ObjectNode n = NODES.objectNode().put("prompt", u.promptTokens()).put("completion", u.completionTokens())
                .put("reasoning", u.reasoningTokens()).put("cached", u.cachedTokens());
        if (u.costUsd() != null) n.put("cost_usd", u.costUsd().toString());
        if (u.estimatedCostUsd() != null) n.put("estimated_cost_usd", u.estimatedCostUsd().toString());
        return n;
    }

    private static ObjectNode call(LlmCallRecord c) {
        ObjectNode n = NODES.objectNode().put("path", c.path());
        if (c.agent() != null) n.put("agent", c.agent());
        if (c.model() != null) n.put("model", c.model());
        n.set("usage", usage(c.usage()));
        n.put("latency", c.latency().toString());
        if (c.requestId() != null) n.put("request_id", c.requestId());
        if (c.aborted()) n.put("aborted", true);
        if (!c.toolCalls().isEmpty()) {
            ArrayNode tools = n.putArray("tool_calls");
            c.toolCalls().forEach(tools::add);
        }
        return n;
    }

    private static ObjectNode verdict(GateVerdict v) {
        ObjectNode n = NODES.objectNode().put("gate", v.gate()).put("score", v.score()).put("threshold", v.threshold())
                .put("passed", v.passed());
        ArrayNode checks = n.putArray("checks");
        for (CheckResult c : v.checks()) {
            checks.addObject().put("name", c.name()).put("score", c.score()).put("passed", c.passed())
                    .put("detail", c.detail());
        }
        ArrayNode blockers = n.putArray("blockers");
        v.blockers().forEach(blockers::add);
        ArrayNode recs = n.putArray("recommendations");
        v.recommendations().forEach(recs::add);
        n.put("feedback", v.feedback());
        return n;
    }

    /** Typed reads of an entry's fields; every failure names the field and the value. */
    private static final class Fields {
        private final ObjectNode n;
        private final String where;

        Fields(ObjectNode n) {
            this.n = n;
            this.where = "journal entry " + n.path("seq").asText("?") + " (" + n.path("type").asText("?") + ")";
        }

        RunStoreException bad(String field, JsonNode value, String expected) {
            String shown = value == null ? "missing" : abbreviate(value.toString());
            return new RunStoreException(where + ": field '" + field + "' must be " + expected + ", was " + shown, null);
        }

        private static String abbreviate(String s) {
            return s.length() > 80 ? s.substring(0, 80) + "…" : s;
        }

        String text(String field) {
            return text(n, field);
        }

        String text(JsonNode from, String field) {
            JsonNode v = from.get(field);
            if (v == null || !v.isTextual()) throw bad(field, v, "a string");
            return v.asText();
        }

        String instance() {
            String i = textOrNull("instance");
            return i == null ? "" : i;
        }

        String textOrNull(String field) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) return null;
            if (!v.isTextual()) throw bad(field, v, "a string");
            return v.asText();
        }

        long longValue(String field) {
            return longValue(n, field);
        }

        /** An array of strings; empty when the field is missing. */
        List<String> texts(String field) {
            return texts(n, field);
        }

        List<String> texts(JsonNode from, String field) {
            JsonNode v = from.get(field);
            if (v == null || v.isNull()) return List.of();
            if (!v.isArray()) throw bad(field, v, "an array of strings");
            List<String> out = new ArrayList<>(v.size());
            for (JsonNode item : v) {
                if (!item.isTextual()) throw bad(field, v, "an array of strings");
                out.add(item.asText());
            }
            return out;
        }

        long longValue(JsonNode from, String field) {
            JsonNode v = from.get(field);
            if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) throw bad(field, v, "an integer");
            return v.asLong();
        }

        int intValue(String field) {
            return intValue(n, field);
        }

        int intValue(JsonNode from, String field) {
            JsonNode v = from.get(field);
            if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) throw bad(field, v, "an integer");
            return v.asInt();
        }

        boolean bool(String field) {
            JsonNode v = n.get(field);
            if (v == null || !v.isBoolean()) throw bad(field, v, "true or false");
            return v.asBoolean();
        }

        Instant instant(String field) {
            String t = text(field);
            try {
                return Instant.parse(t);
            } catch (java.time.format.DateTimeParseException e) {
                throw bad(field, n.get(field), "an ISO-8601 instant");
            }
        }

        ObjectNode object(String field) {
            JsonNode v = n.get(field);
            if (v == null || !v.isObject()) throw bad(field, v, "an object");
            return (ObjectNode) v;
        }

        RunStatus status(String field) {
            String t = text(field);
            try {
                return RunStatus.valueOf(t);
            } catch (IllegalArgumentException e) {
                throw bad(field, n.get(field), "a run status");
            }
        }

        Map<String, String> fingerprints() {
            Map<String, String> fps = new LinkedHashMap<>();
            var it = object("step_fingerprints").fields();
            while (it.hasNext()) {
                var e = it.next();
                if (!e.getValue().isTextual()) throw bad("step_fingerprints." + e.getKey(), e.getValue(), "a string");
                fps.put(e.getKey(), e.getValue().asText());
            }
            return java.util.Collections.unmodifiableMap(fps);
        }

        StepRef step() {
            ObjectNode s = object("step");
            JsonNode agent = s.get("agent");
            JsonNode squad = s.get("squad");
            return new StepRef(text(s, "path"), text(s, "order"), text(s, "kind"),
                    agent == null ? null : agent.asText(), squad == null ? null : squad.asText());
        }

        StepOutput outputOrNull(String field) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) return null;
            if (!v.isObject()) throw bad(field, v, "an object with 'text' or 'json'");
            JsonNode t = v.get("text");
            if (v.has("json")) {
                if (t != null && !t.isTextual()) throw bad(field + ".text", t, "a string");
                return t == null ? StepOutput.json(v.get("json")) : new StepOutput(t.asText(), v.get("json"));
            }
            if (t == null || !t.isTextual()) throw bad(field + ".text", t, "a string");
            return StepOutput.text(t.asText());
        }

        BigDecimal decimal(JsonNode from, String field) {
            JsonNode v = from.get(field);
            if (v == null || v.isNull()) return null;
            try {
                BigDecimal d = new BigDecimal(v.asText());
                if (d.precision() - d.scale() > 30 || d.scale() > 60) throw new NumberFormatException("too many digits");
                return d;
            } catch (NumberFormatException e) {
                throw bad(field, v, "a decimal amount");
            }
        }

        Duration duration(JsonNode from, String field) {
            JsonNode v = from.get(field);
            if (v == null || v.isNull()) return null;
            try {
                return Duration.parse(v.asText());
            } catch (java.time.format.DateTimeParseException e) {
                throw bad(field, v, "an ISO-8601 duration");
            }
        }

        Duration requiredDuration(String field) {
            Duration d = duration(n, field);
            if (d == null) throw bad(field, n.get(field), "an ISO-8601 duration");
            return d;
        }

        RunOptions options(String field) {
            ObjectNode o = object(field);
            Long maxTokens = o.has("max_tokens") ? longValue(o, "max_tokens") : null;
            try {
                return new RunOptions(duration(o, "timeout"), maxTokens, decimal(o, "max_cost_usd"),
                        o.has("run_id") ? text(o, "run_id") : null, decimal(o, "estimated_call_cost_usd"));
            } catch (IllegalArgumentException e) {
                throw new RunStoreException(where + ": field '" + field + "' holds invalid limits: " + e.getMessage(), e);
            }
        }

        Usage usage(JsonNode u) {
            try {
                return new Usage(longValue(u, "prompt"), longValue(u, "completion"), longValue(u, "reasoning"),
                        longValue(u, "cached"), decimal(u, "cost_usd"), decimal(u, "estimated_cost_usd"));
            } catch (IllegalArgumentException e) {
                throw new RunStoreException(where + ": field 'usage' is invalid: " + e.getMessage(), e);
            }
        }

        LlmCallRecord call(String field) {
            ObjectNode c = object(field);
            JsonNode u = c.get("usage");
            if (u == null || !u.isObject()) throw bad("call.usage", u, "an object");
            Duration latency = duration(c, "latency");
            return new LlmCallRecord(text(c, "path"), c.has("agent") ? text(c, "agent") : null,
                    c.has("model") ? text(c, "model") : null, usage(u), latency == null ? Duration.ZERO : latency,
                    c.has("request_id") ? text(c, "request_id") : null, c.path("aborted").asBoolean(false),
                    texts(c, "tool_calls"));
        }

        GateVerdict verdict(String field) {
            ObjectNode v = object(field);
            List<CheckResult> checks = new ArrayList<>();
            for (JsonNode c : v.path("checks")) {
                checks.add(new CheckResult(text(c, "name"), intValue(c, "score"), c.path("passed").asBoolean(),
                        c.path("detail").asText("")));
            }
            List<String> blockers = new ArrayList<>();
            v.path("blockers").forEach(b -> blockers.add(b.asText()));
            List<String> recs = new ArrayList<>();
            v.path("recommendations").forEach(r -> recs.add(r.asText()));
            try {
                return new GateVerdict(text(v, "gate"), intValue(v, "score"), intValue(v, "threshold"),
                        v.path("passed").asBoolean(), checks, blockers, recs, v.path("feedback").asText(""));
            } catch (IllegalArgumentException e) {
                throw new RunStoreException(where + ": field '" + field + "' is not a valid verdict: " + e.getMessage(), e);
            }
        }
    }
}
