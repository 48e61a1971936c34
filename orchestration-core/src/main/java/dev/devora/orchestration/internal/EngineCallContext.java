package dev.devora.orchestration.internal;

import dev.devora.orchestration.InterruptedCallException;
import dev.devora.orchestration.agent.CallContext;
import dev.devora.orchestration.engine.LlmCallRecord;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.Usage;

import java.time.Duration;
import java.util.Map;

/** The engine's accounted, budgeted, cancellable path to a model, handed to agents and gates. */
final class EngineCallContext implements CallContext {
    private final RunExecution run;
    private final Frame frame;
    private final StepTag tag;
    private final String path;
    private final String agent;

    /** @param agent the agent, router or judge making the calls (reported with each call) */
    EngineCallContext(RunExecution run, Frame frame, StepTag tag, String agent) {
        this.run = run;
        this.frame = frame;
        this.tag = tag;
        this.path = tag.path();
        this.agent = agent;
    }

    @Override
    public String runId() {
        return run.id;
    }

    @Override
    public String stepPath() {
        return path;
    }

    /** Whether the agent already tagged the request for this run and step (no copy needed). */
    private boolean isTagged(LlmRequest request) {
        return run.id.equals(request.attribute(LlmRequest.RUN_ID)) && path.equals(request.attribute(LlmRequest.STEP_PATH));
    }

    /** Model calls this context made, for the ordinals of kept answers. */
    private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public LlmResponse complete(LlmProvider provider, LlmRequest request, boolean stream) {
        frame.scope.throwIfCancelled();
        String requestedModel = request.model(); // read now: nothing of the request stays reachable during the call
        long promptChars = promptChars(request);
        int ordinal = calls.getAndIncrement();
        String requested = request.attribute(LlmRequest.AGENT);
        String agentName = requested != null ? requested : agent;
        dev.devora.orchestration.journal.JournalEntry.Answer kept = run.journal.keptAnswer(tag, agentName, ordinal);
        if (kept != null && kept.promptChars() == promptChars) { // answered before a crash or a wait: paid already
            return LlmResponse.builder().text(kept.text()).toolCalls(kept.toolCalls())
                    .reasoningDetails(kept.reasoningDetails()).model(requestedModel)
                    .finishReason(dev.devora.orchestration.llm.FinishReason.TOOL_CALLS).build();
        }
        BudgetLedger budget = run.journal.budget;
        BudgetLedger.Reservation reservation = null;
        if (budget != null) {
            try {
                reservation = budget.admit(provider, requestedModel, promptChars, request.maxTokens(), path, frame.scope);
            } catch (dev.devora.orchestration.BudgetExceededException e) {
                throw run.budgetExceeded(e);
            }
        }
        LlmRequest tagged = isTagged(request) ? request : request.withAttributes(agentName == null
                ? Map.of(LlmRequest.RUN_ID, run.id, LlmRequest.STEP_PATH, path)
                : Map.of(LlmRequest.RUN_ID, run.id, LlmRequest.STEP_PATH, path, LlmRequest.AGENT, agentName));
        long t0 = run.effects.nanoTime();
        LlmResponse response;
        try {
            response = run.effects.callModel(path, provider, tagged, !stream ? null : token -> {
                if (run.events.enabled()) run.events.emit(new WorkflowEvent.TokenStreamed(run.id, path, token));
            });
        } catch (RuntimeException | Error e) { // an Error too: a reservation kept for ever would block later calls
            String partial = e instanceof dev.devora.orchestration.llm.ProviderException p
                    ? p.partialText().orElse("") : "";
            if (frame.scope.isCancelled() || e instanceof InterruptedCallException || !partial.isEmpty()
                    || run.effects.cancelled()) {
                // sent and aborted (its scope or, by its host, the run cancelled), or broken off mid-answer: accounted
                // with what is known (its estimated prompt and what was streamed), so no call that may be billed goes
                // unrecorded
                long answered = partial.isEmpty() ? 0 : BudgetLedger.promptTokens(partial.length());
                Usage known = budget == null ? new Usage(BudgetLedger.promptTokens(promptChars), answered, 0, 0, null)
                        : budget.abort(reservation, answered);
                run.journal.call(tag, new LlmCallRecord(path, agentName, requestedModel, known,
                        Duration.ofNanos(run.effects.nanoTime() - t0), null, true));
            } else if (reservation != null) {
                budget.cancel(reservation);
            }
            if (frame.scope.isCancelled()) throw frame.scope.reason();
            throw e;
        }
        if (response == null) {
            if (reservation != null) budget.cancel(reservation);
            throw dev.devora.orchestration.llm.ProviderException.builder(
                    dev.devora.orchestration.llm.ProviderErrorKind.MALFORMED_RESPONSE,
                    "provider '" + provider.name() + "' returned null instead of a response").retriable(false).build();
        }
        Duration latency = response.latency().isZero() ? Duration.ofNanos(run.effects.nanoTime() - t0) : response.latency();
        String model = response.model() != null ? response.model() : requestedModel;
        // an answer that crossed the budget was paid for: it is kept, and the ledger refuses every later call
        Usage usage = reservation == null ? response.usage() : budget.settle(reservation, response.usage());
        LlmCallRecord record = new LlmCallRecord(path, agentName, model, usage, latency, response.requestId(), false,
                toolNames(response.toolCalls()));
        dev.devora.orchestration.journal.JournalEntry.Answer keep = response.toolCalls().isEmpty() ? null
                : new dev.devora.orchestration.journal.JournalEntry.Answer(ordinal, promptChars, response.text(),
                        response.toolCalls(), response.reasoningDetails());
        run.journal.call(tag, record, keep); // stored, accounted, then emitted as LlmCallCompleted
        return response;
    }

    /**
     * Runs the tasks on the engine's executor (the first on this thread), each once, and waits for all; this thread
     * runs any task no pool thread has claimed yet, so a saturated pool still progresses. A pool thread works in the
     * step's scope while it runs a task, so the step's timeout or the run's cancellation interrupts it as well.
     */
    @Override
    public void runConcurrently(java.util.List<Runnable> tasks) {
        int n = tasks.size();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(n);
        java.util.concurrent.atomic.AtomicBoolean[] claimed = new java.util.concurrent.atomic.AtomicBoolean[n];
        Runnable[] once = new Runnable[n];
        for (int i = 0; i < n; i++) {
            java.util.concurrent.atomic.AtomicBoolean c = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable task = tasks.get(i);
            claimed[i] = c;
            once[i] = () -> {
                if (!c.compareAndSet(false, true)) return;
                try {
                    task.run();
                } finally {
                    done.countDown();
                }
            };
        }
        Scope scope = frame.scope;
        for (int i = 1; i < n; i++) {
            Runnable task = once[i];
            try {
                run.effects.fork(() -> { // in the step's scope: a timeout or cancellation interrupts it too
                    scope.enter();
                    try {
                        task.run();
                    } finally {
                        scope.exit();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException rejected) {
                // run below on this thread
            }
        }
        for (Runnable r : once) r.run();
        try {
            run.effects.awaitAll(done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedCallException("interrupted while tool calls ran", e);
        }
    }

    @Override
    public dev.devora.orchestration.tool.ToolResult runTool(String tool, String callId, String argumentsJson,
                                                            int occurrence,
                                                            java.util.function.Supplier<dev.devora.orchestration.tool.ToolResult> body) {
        String digest = digest(argumentsJson);
        if (run.events.enabled()) {
            run.events.emit(new WorkflowEvent.ToolCallStarted(run.id, path, tool, callId, digest, run.now()));
        }
        long t0 = run.effects.nanoTime();
        dev.devora.orchestration.journal.JournalEntry.ToolCalled recorded =
                run.journal.toolCalled(tag.key(), tool, digest, occurrence);
        dev.devora.orchestration.tool.ToolResult result;
        if (recorded != null) { // done by an earlier attempt, or before this run was resumed: not done twice
            result = new dev.devora.orchestration.tool.ToolResult(recorded.result(), recorded.error(),
                    recorded.changedFiles());
        } else {
            try {
                result = run.effects.callTool(path, agent, tool, callId, argumentsJson, body);
            } catch (RuntimeException | Error e) { // an Error too: every started call has its completed event
                if (run.events.enabled()) {
                    run.events.emit(new WorkflowEvent.ToolCallCompleted(run.id, path, tool, callId, digest,
                            Duration.ofNanos(run.effects.nanoTime() - t0), ToolLoop.bounded(String.valueOf(e.getMessage())),
                            run.now()));
                }
                throw e;
            }
            run.journal.toolCalled(tag, tool, callId, digest, occurrence, result, run.effects.nanoTime() - t0);
        }
        if (run.events.enabled()) {
            for (String file : result.changedFiles()) {
                run.events.emit(new WorkflowEvent.FileChanged(run.id, path, tool, callId, file, run.now()));
            }
            run.events.emit(new WorkflowEvent.ToolCallCompleted(run.id, path, tool, callId, digest,
                    Duration.ofNanos(run.effects.nanoTime() - t0), result.error() ? ToolLoop.bounded(result.content()) : null,
                    run.now()));
        }
        return result;
    }

    /** How many requests of each kind this step execution made, for their ids. */
    private final java.util.Map<String, Integer> awaited = new java.util.HashMap<>();

    @Override
    public com.fasterxml.jackson.databind.JsonNode await(String kind, com.fasterxml.jackson.databind.JsonNode request,
                                                         java.util.function.Consumer<String> send,
                                                         dev.devora.orchestration.agent.WaitTimeout timeout) {
        if (kind == null || !kind.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("await: kind must be letters, digits, '-' or '_', was " + kind);
        }
        com.fasterxml.jackson.databind.JsonNode asked = request == null ? Json.NODES.nullNode() : request;
        String requestId;
        while (true) { // an answer applies to the request it answered: one asked differently before is passed over
            int n;
            synchronized (awaited) {
                n = awaited.merge(kind, 1, Integer::sum);
            }
            requestId = tag.key() + "/" + kind + "-" + n;
            dev.devora.orchestration.journal.JournalEntry.WaitRequested journaled = run.journal.request(requestId);
            if (journaled == null || Json.canonical(journaled.request()).equals(Json.canonical(asked))) break;
        }
        com.fasterxml.jackson.databind.JsonNode answer = run.journal.answer(requestId);
        if (answer != null) return answer;
        dev.devora.orchestration.agent.WaitTimeout.Action expired = run.journal.expired(requestId);
        if (expired != null) { // the journaled request's policy decides, as it was when the run waited
            dev.devora.orchestration.agent.WaitTimeout given = run.journal.request(requestId).timeout();
            if (expired == dev.devora.orchestration.agent.WaitTimeout.Action.ANSWER) return given.answer();
            throw new dev.devora.orchestration.WaitTimeoutException(requestId, given.after());
        }
        if (run.effects.cancelled()) throw run.cancellation(); // the host cancelled the run: it waits for nothing
        if (!run.journal.waitRequested(requestId)) {
            // sent at least once: before the request is journaled
            run.effects.send(path, kind, requestId, asked, java.util.Objects.requireNonNull(send, "send"), this);
            run.journal.waitRequested(tag, requestId, kind, asked, timeout);
        }
        throw new dev.devora.orchestration.RunWaitingException(java.util.List.of(requestId));
    }

    @Override
    public java.util.Optional<com.fasterxml.jackson.databind.JsonNode> requested(String kind) {
        int n;
        synchronized (awaited) {
            n = awaited.getOrDefault(kind, 0) + 1;
        }
        dev.devora.orchestration.journal.JournalEntry.WaitRequested w = run.journal.request(tag.key() + "/" + kind + "-" + n);
        return w == null ? java.util.Optional.empty() : java.util.Optional.of(w.request());
    }

    @Override
    public void remoteAgentDecision(String agentId, String decision, String detail) {
        if (run.events.enabled()) {
            run.events.emit(new WorkflowEvent.RemoteAgentDecision(run.id, path, agentId, decision, detail, run.now()));
        }
    }

    /** The names of the tools an answer asked for (no list made for an answer that asked for none). */
    private static java.util.List<String> toolNames(java.util.List<dev.devora.orchestration.llm.ToolCall> calls) {
        if (calls.isEmpty()) return java.util.List.of();
        String[] names = new String[calls.size()];
        for (int i = 0; i < names.length; i++) names[i] = calls.get(i).name();
        return java.util.List.of(names);
    }

    /** A short digest of a tool call's arguments, for events (the arguments may hold anything). */
    static String digest(String argumentsJson) {
        return StepFingerprints.digest(argumentsJson == null ? "" : argumentsJson, 6);
    }

    /**
     * Characters of every message of the request, with the tool calls' arguments and the offered tools'
     * definitions: the engine's measure of a prompt before it is sent.
     */
    static long promptChars(LlmRequest request) {
        java.util.List<LlmMessage> messages = request.messages();
        long chars = 0;
        for (int i = 0; i < messages.size(); i++) { // no iterator per call
            LlmMessage m = messages.get(i);
            chars += m.content().length();
            java.util.List<dev.devora.orchestration.llm.ToolCall> calls = m.toolCalls();
            for (int j = 0; j < calls.size(); j++) {
                dev.devora.orchestration.llm.ToolCall c = calls.get(j);
                chars += c.name().length() + (c.argumentsJson() == null ? 0 : c.argumentsJson().length());
            }
        }
        java.util.List<dev.devora.orchestration.llm.ToolDefinition> tools = request.tools();
        for (int i = 0; i < tools.size(); i++) {
            dev.devora.orchestration.llm.ToolDefinition t = tools.get(i);
            chars += t.name().length() + (t.description() == null ? 0 : t.description().length())
                    + (t.parametersSchema() == null ? 0 : t.parametersSchema().toString().length());
        }
        return chars;
    }
}
