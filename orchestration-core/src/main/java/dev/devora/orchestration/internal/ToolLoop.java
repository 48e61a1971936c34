package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.agent.AgentCall;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.ToolFatalException;
import dev.devora.orchestration.tool.ToolInvocation;
import dev.devora.orchestration.tool.ToolLimitException;
import dev.devora.orchestration.tool.ToolResult;
import dev.devora.orchestration.tool.Toolbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tool-calling loop of one agent call: model call → the tool calls of its answer, run concurrently, their
 * results appended in call order → model call … until an answer asks for no tool. Bounded by rounds and by calls in
 * all ({@link ToolLimitException}). What a tool throws, an unknown tool name and arguments that are not JSON or do
 * not match the tool's schema go back to the model as error results; a {@link ToolFatalException} ends the call.
 * Internal: not part of the API.
 */
public final class ToolLoop {
    /** The longest error text a model gets back from a failed tool. */
    static final int MAX_ERROR_CHARS = 2000;
    /** Reads a call's arguments: one JSON value, nothing after it (two calls glued into one are not the first). */
    private static final com.fasterxml.jackson.databind.ObjectReader ARGUMENTS = Json.MAPPER.reader()
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ToolLoop() {
    }

    /**
     * The final answer (one that asks for no tool); {@code messages} holds the whole exchange afterwards.
     *
     * @param occurrences calls so far of each tool with each arguments, over the whole agent call (its format re-asks
     *                    included): the engine gives a repeated call of an earlier attempt its journaled result
     */
    public static LlmResponse run(String agent, Toolbox tools, int maxRounds, int maxCalls, int maxResultChars,
                                  AgentCall call, List<LlmMessage> messages, Map<String, Integer> occurrences,
                                  Function<List<LlmMessage>, LlmResponse> send) {
        int calls = 0;
        for (int round = 0; ; round++) {
            LlmResponse response = send.apply(messages);
            List<ToolCall> asked = response.toolCalls();
            if (asked.isEmpty()) return response;
            if (round >= maxRounds) throw new ToolLimitException(agent, "maxToolRounds (" + maxRounds + ")");
            calls += asked.size();
            if (calls > maxCalls) throw new ToolLimitException(agent, "maxToolCalls (" + maxCalls + ")");
            List<ToolCall> named = withUniqueIds(asked, round);
            if (named != asked) { // the assistant turn and the results must agree on every call's id
                asked = named;
                response = response.toBuilder().toolCalls(named).build();
            }
            messages.add(LlmMessage.assistant(response));
            ToolResult[] results = new ToolResult[asked.size()];
            asked = approved(tools, asked, call, results); // a person decides on guarded calls before any runs
            Throwable[] fatal = new Throwable[1];
            List<Runnable> tasks = new ArrayList<>(asked.size());
            for (int i = 0; i < asked.size(); i++) {
                if (results[i] != null) continue; // rejected: not run
                int at = i;
                ToolCall c = asked.get(at);
                String arguments = identity(c.argumentsJson()); // the same call however the model spaced it
                int occurrence = occurrences.merge(c.name() + '\u0000' + arguments, 1, Integer::sum) - 1;
                tasks.add(() -> {
                    try {
                        results[at] = call.context().runTool(c.name(), c.id(), arguments, occurrence,
                                () -> invoke(tools, c, call));
                    } catch (RuntimeException | Error e) { // a fatal tool failure, an interruption, a tool's Error
                        synchronized (fatal) {
                            if (fatal[0] == null) fatal[0] = e;
                        }
                    }
                });
            }
            if (tasks.size() == 1) tasks.get(0).run();
            else if (!tasks.isEmpty()) call.context().runConcurrently(tasks);
            if (fatal[0] instanceof Error e) throw e; // on whichever thread it ran: never a missing result
            if (fatal[0] != null) throw (RuntimeException) fatal[0];
            for (int i = 0; i < asked.size(); i++) {
                ToolResult r = results[i];
                String text = cut(r.error() ? "ERROR: " + r.content() : r.content(), maxResultChars);
                messages.add(LlmMessage.tool(asked.get(i).id(), text));
            }
        }
    }

    /**
     * The calls of one answer as a person decided them: approved ones as asked, edited ones with the person's
     * arguments; a rejected one gets, at its index in {@code rejected}, the error result that tells the model (it
     * does not run). Every guarded call is asked about at once, in the model's order (so their request ids are the
     * same when the step runs again); while any is undecided the run waits for all of them.
     */
    static List<ToolCall> approved(Toolbox tools, List<ToolCall> asked, AgentCall call, ToolResult[] rejected) {
        List<ToolCall> decided = null;
        List<String> pending = null;
        for (int i = 0; i < asked.size(); i++) {
            ToolCall c = asked.get(i);
            if (!(tools.find(c.name()).orElse(null) instanceof dev.devora.orchestration.approval.ToolApproval guarded)) {
                continue;
            }
            dev.devora.orchestration.approval.Decision d;
            try {
                d = guarded.ask(call.context(), c.argumentsJson());
            } catch (dev.devora.orchestration.RunWaitingException waiting) {
                if (pending == null) pending = new ArrayList<>();
                pending.addAll(waiting.requestIds());
                continue;
            }
            if (d.verdict() == dev.devora.orchestration.approval.Decision.Verdict.REJECT) {
                rejected[i] = ToolResult.error("the call of '" + c.name() + "' was rejected by "
                        + guarded.approver().name() + (d.feedback().isEmpty() ? "" : ": " + d.feedback())
                        + "; it did not run");
            } else if (d.verdict() == dev.devora.orchestration.approval.Decision.Verdict.EDIT) {
                if (decided == null) decided = new ArrayList<>(asked);
                decided.set(i, new ToolCall(c.id(), c.name(), d.edited()));
            }
        }
        if (pending != null) throw new dev.devora.orchestration.RunWaitingException(pending);
        return decided == null ? asked : decided;
    }

    /**
     * The calls with an id each, unique in the answer: a missing, blank or repeated id (some providers send them) gets
     * {@code call_<round>_<n>}, since a result answers its call by id. The same list when every id is fine.
     */
    static List<ToolCall> withUniqueIds(List<ToolCall> calls, int round) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean fine = true;
        for (ToolCall c : calls) fine &= c.id() != null && !c.id().isBlank() && seen.add(c.id());
        if (fine) return calls;
        seen.clear();
        for (ToolCall c : calls) if (c.id() != null && !c.id().isBlank()) seen.add(c.id());
        java.util.Set<String> kept = new java.util.HashSet<>();
        List<ToolCall> named = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ToolCall c = calls.get(i);
            if (c.id() != null && !c.id().isBlank() && kept.add(c.id())) {
                named.add(c);
                continue;
            }
            String id = "call_" + (round + 1) + "_" + (i + 1);
            for (int n = 2; seen.contains(id); n++) id = "call_" + (round + 1) + "_" + (i + 1) + "_" + n;
            seen.add(id);
            named.add(new ToolCall(id, c.name(), c.argumentsJson()));
        }
        return named;
    }

    /** One tool call, as the model gets its result; never throws but for a fatal tool failure. */
    static ToolResult invoke(Toolbox tools, ToolCall asked, AgentCall call) {
        return invoke(tools, asked, call.context().runId(), call.stepPath());
    }

    /**
     * One tool call of a run's step, as the model gets its result: also what an adapter runs on another machine.
     * Never throws but for a fatal tool failure (or an interruption).
     *
     * @param tools   the agent's tools
     * @param asked   the call
     * @param runId   the run
     * @param stepPath the step
     * @return the result the model gets
     */
    public static ToolResult invoke(Toolbox tools, ToolCall asked, String runId, String stepPath) {
        Tool tool = tools.find(asked.name()).orElse(null);
        if (tool == null) {
            return ToolResult.error("there is no tool named '" + asked.name() + "'; the tools are "
                    + tools.tools().stream().map(t -> t.definition().name()).toList());
        }
        JsonNode args;
        try {
            String json = asked.argumentsJson() == null || asked.argumentsJson().isBlank() ? "{}" : asked.argumentsJson();
            args = ARGUMENTS.readTree(json);
        } catch (Exception e) {
            return ToolResult.error("the arguments of '" + asked.name() + "' are not JSON: " + bounded(e.getMessage()));
        }
        JsonNode schema = tool.definition().parametersSchema();
        if (schema != null) {
            List<String> problems = JsonShapeValidator.validate(args, schema);
            if (!problems.isEmpty()) {
                return ToolResult.error("the arguments of '" + asked.name() + "' do not match its schema: "
                        + bounded(String.join("; ", problems)));
            }
        }
        try {
            ToolResult r = tool.call(new ToolInvocation(asked.id(), asked.name(), args, runId, stepPath));
            return r == null ? ToolResult.ok("") : r;
        } catch (ToolFatalException | dev.devora.orchestration.InterruptedCallException
                 | dev.devora.orchestration.RunCancelledException e) { // the step ends: not the model's to handle
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.devora.orchestration.InterruptedCallException("tool '" + asked.name() + "' interrupted", e);
        } catch (Exception e) {
            return ToolResult.error("tool '" + asked.name() + "' failed: " + bounded(String.valueOf(e)));
        }
    }

    /**
     * A call's arguments as the engine identifies the call (journal lookup, event digest, occurrence count): JSON
     * written canonically (keys sorted, no spacing), so a model asking the same call again with other spacing or key
     * order (a retried or resumed step) gets the journaled result; text that is not JSON as given.
     */
    static String identity(String argumentsJson) {
        try {
            return Json.write(Json.canonical(ARGUMENTS.readTree(argumentsJson)));
        } catch (Exception e) { // not JSON (or empty): the model is told by invoke; identified by its text
            return argumentsJson;
        }
    }

    /** A result the model reads, cut at {@code max} chars with a note saying how much was left out. */
    static String cut(String text, int max) {
        if (text.length() <= max) return text;
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max; // never half a character
        return text.substring(0, end) + "\n[cut: " + (text.length() - end) + " more characters of this result were"
                + " left out]";
    }

    /** An error text cut at {@link #MAX_ERROR_CHARS}: what the model is told of a failure, and what events carry. */
    static String bounded(String text) {
        String t = text == null ? "" : text;
        return t.length() <= MAX_ERROR_CHARS ? t : t.substring(0, MAX_ERROR_CHARS) + "…";
    }
}
