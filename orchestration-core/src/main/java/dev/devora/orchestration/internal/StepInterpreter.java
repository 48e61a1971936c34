package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.GateFailedException;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.RunTimeoutException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.agent.AgentCall;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.gate.GateInput;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.StepRef;
import dev.devora.orchestration.workflow.AgentStep;
import dev.devora.orchestration.workflow.ConditionalStep;
import dev.devora.orchestration.workflow.GateStep;
import dev.devora.orchestration.workflow.LoopStep;
import dev.devora.orchestration.workflow.ParallelStep;
import dev.devora.orchestration.workflow.RouteStep;
import dev.devora.orchestration.workflow.SequenceStep;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.StepOutput;
import dev.devora.orchestration.workflow.StepVisitor;
import dev.devora.orchestration.workflow.SubWorkflowStep;
import dev.devora.orchestration.workflow.TaskStep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one interpreter of the sealed step model. Each step kind is one method; leaves (agent, task) are run by
 * {@link LeafExecutor}, parallel branches by {@link ParallelRunner}. Every step: waits while the run is paused,
 * checks cancellation, emits start and exactly one end event, stores its output under its id, advances progress by
 * its share, and enforces its own timeout with a child scope.
 */
final class StepInterpreter {
    /** Marks a step that did not run (conditional with no match), or a step whose result is such a step's. */
    static final StepOutput SKIPPED = new StepOutput("", null);
    /** What {@code conditional} returns when no condition held, after emitting its {@code StepSkipped}. */
    private static final StepOutput NO_BRANCH = new StepOutput("", null);

    private final RunExecution run;
    private final LeafExecutor leaves;
    private final ParallelRunner parallel;

    StepInterpreter(RunExecution run) {
        this.run = run;
        this.leaves = new LeafExecutor(run);
        this.parallel = new ParallelRunner(run, this);
    }

    /** Runs top-level (or nested-workflow) steps in order, sharing {@code share} by weight. */
    StepOutput runSequence(String parentId, List<Step> steps, Frame frame, double share) {
        WorkflowIndex.Children children = frame.index.children(parentId, steps);
        int total = Math.max(1, children.totalWeight());
        StepOutput last = null;
        for (WorkflowIndex.StepInfo info : children.infos()) {
            StepOutput out = execute(info, frame, share * info.weight() / total);
            if (out != SKIPPED) last = out;
        }
        return last;
    }

    StepOutput execute(Step step, Frame frame, double share) {
        return execute(frame.index.info(step.id()), frame, share);
    }

    StepOutput execute(WorkflowIndex.StepInfo info, Frame frame, double share) {
        run.pause.awaitResumed(frame.scope);
        frame.scope.throwIfCancelled();
        Step step = info.step();
        String path = frame.path(info);
        String orderKey = frame.orderKey(info);
        boolean agentStep = step instanceof AgentStep;
        StepTag tag = !frame.pathPrefix.isEmpty()
                ? new StepTag(-1, frame.instance, new StepRef(path, orderKey, step.kind(), info.tag().agent(),
                        info.tag().squad()))
                : frame.instance.isEmpty() ? info.tag() : inLoop(info, frame);
        JournalEntry.StepCompleted done = run.journal.replaying() ? run.journal.completed(tag.key()) : null;
        if (done != null && (agentStep || step instanceof TaskStep)) { // finished before: its recorded output
            frame.state.put(info, orderKey, done.output());
            run.progress.advance(share);
            return done.output();
        }
        if (done == null && run.effects.stopBeforeStep()) { // the host goes on with the run elsewhere, from here
            throw new dev.devora.orchestration.RunWaitingException(List.of());
        }
        boolean live = done == null; // a finished composite is walked again, silently, to restore what it holds
        Duration timeout = live ? step.accept(TIMEOUT) : null;
        Scope stepScope = null;
        java.util.concurrent.Future<?> timer = null;
        if (timeout != null) {
            Scope s = frame.scope.child();
            stepScope = s;
            s.enter();
            timer = run.effects.schedule(timeout, () -> s.cancel(new RunTimeoutException(path, timeout)));
            frame = frame.withScope(s);
        }
        LogContext.Restore mdc = LogContext.step(path);
        long t0 = run.effects.nanoTime();
        boolean ended = !live; // whether this step's end event has been emitted (or is not to be)
        Duration sla = live ? frame.index.sla(step.id()) : null;
        SlaWatch slaWatch = null;
        try {
            if (live && run.events.enabled()) {
                run.events.emit(new WorkflowEvent.StepStarted(run.id, path, step.kind(), tag.agent(), tag.squad(),
                        run.now()));
            }
            if (sla != null) slaWatch = SlaWatch.start(run, tag, sla);
            if (live && (agentStep || step instanceof TaskStep)) failIfFailedElsewhere(path, tag.instance());
            StepOutput out = dispatch(step, info, tag, frame, share);
            if (slaWatch != null) slaWatch.end(); // a breach is journaled before the completion
            long nanos = run.effects.nanoTime() - t0;
            if (out == NO_BRANCH) {
                ended = true; // the conditional's decision emitted StepSkipped
                if (live) run.journal.stepCompleted(tag, null, true, nanos, false);
                run.progress.advance(share);
                return SKIPPED;
            }
            if (out == SKIPPED) { // a route, gate, loop or conditional around a skipped step: it ran all the same
                ended = true;
                if (live) run.journal.stepCompleted(tag, null, true, nanos, true);
                return SKIPPED;
            }
            if (out != null) {
                int limit = agentStep || step instanceof TaskStep ? Json.MAX_LEAF_OUTPUT_DEPTH : Json.MAX_STORED_DEPTH;
                frame.state.put(info, orderKey, writable(out, step, path, limit));
            }
            ended = true;
            if (live) run.journal.stepCompleted(tag, out, false, nanos, true); // stored before its event
            return out;
        } catch (dev.devora.orchestration.RunWaitingException waiting) { // not a failure: runs again once answered
            if (frame.scope.isCancelled()) throw frame.scope.reason();
            throw waiting;
        } catch (Throwable e) { // an Error (a provider's AssertionError…) or an undeclared checked exception: like any bug
            run.effects.rethrowIfFatal(e);
            OrchestrationException reported = frame.scope.isCancelled() ? frame.scope.reason()
                    : e instanceof OrchestrationException o ? o
                    : new StepFailedException(path, 1, new OrchestrationException(step.kind() + " step '" + step.id()
                    + "' threw " + e, e, false));
            if (!ended && run.events.enabled()) {
                run.events.emit(new WorkflowEvent.StepFailed(run.id, path, step.kind(), reported, run.now()));
            }
            throw reported;
        } finally {
            if (slaWatch != null) slaWatch.end();
            if (timer != null) timer.cancel(false);
            if (stepScope != null) {
                stepScope.exit();
                stepScope.close();
            }
            mdc.restore();
        }
    }

    /** The tag of a step of the run's own workflow inside loops or gates: made once for the first levels. */
    private static StepTag inLoop(WorkflowIndex.StepInfo info, Frame frame) {
        int n = frame.firstLevelIteration();
        return n > 0 ? info.tagInLoop(n, frame.instance) : new StepTag(info.order(), frame.instance, info.tag().ref());
    }

    /**
     * The output, to be stored, so that every output the state holds can be written as JSON: JSON nested deeper than
     * {@link Json#MAX_LEAF_OUTPUT_DEPTH} levels from a leaf (a task's or a plain-Java agent's tree, a router's
     * answer), or deeper than {@link Json#MAX_STORED_DEPTH} from any other step (a sub-workflow's custom
     * deliverables), fails the step that produced it.
     */
    private static StepOutput writable(StepOutput out, Step step, String path, int limit) {
        if (out.json() != null && Json.nestedDeeperThan(out.json(), limit)) {
            throw new StepFailedException(path, 1, new dev.devora.orchestration.OutputFormatException(step.kind()
                    + " step '" + step.id() + "' produced JSON nested deeper than " + limit
                    + " levels, more than a run's state may hold", null));
        }
        return out;
    }

    private StepOutput dispatch(Step step, WorkflowIndex.StepInfo info, StepTag tag, Frame frame, double share) {
        switch (step.accept(KIND)) { // KIND names every kind: a new one does not compile until it is named there
            case AGENT: return leaves.agent((AgentStep) step, info, tag, frame, share);
            case TASK: return leaves.task((TaskStep) step, tag, frame, share);
            case SEQUENCE: return runSequence(step.id(), ((SequenceStep) step).steps(), frame, share);
            case PARALLEL: return parallel.run((ParallelStep) step, tag.path(), frame, share);
            case CONDITIONAL: return conditional((ConditionalStep) step, tag, frame, share);
            case ROUTE: return route((RouteStep) step, info, tag, frame, share);
            case LOOP: return loop((LoopStep) step, tag, frame, share);
            case GATE: return gate((GateStep) step, tag, frame, share);
            case SUB_WORKFLOW: return subWorkflow((SubWorkflowStep) step, info, tag, frame, share);
            default: throw new IllegalStateException("no interpreter for step kind " + step.kind());
        }
    }

    private static final int AGENT = 0, TASK = 1, SEQUENCE = 2, PARALLEL = 3, CONDITIONAL = 4, ROUTE = 5, LOOP = 6,
            GATE = 7, SUB_WORKFLOW = 8;

    /**
     * The interpreter's number for each step kind, through {@link StepVisitor} so that a new kind is a compile error
     * here; stateless and allocation-free (small boxed integers are cached), unlike a visitor per step execution.
     */
    private static final StepVisitor<Integer> KIND = new StepVisitor<>() {
        @Override
        public Integer visitAgent(AgentStep step) {
            return AGENT;
        }

        @Override
        public Integer visitTask(TaskStep step) {
            return TASK;
        }

        @Override
        public Integer visitSequence(SequenceStep step) {
            return SEQUENCE;
        }

        @Override
        public Integer visitParallel(ParallelStep step) {
            return PARALLEL;
        }

        @Override
        public Integer visitConditional(ConditionalStep step) {
            return CONDITIONAL;
        }

        @Override
        public Integer visitRoute(RouteStep step) {
            return ROUTE;
        }

        @Override
        public Integer visitLoop(LoopStep step) {
            return LOOP;
        }

        @Override
        public Integer visitGate(GateStep step) {
            return GATE;
        }

        @Override
        public Integer visitSubWorkflow(SubWorkflowStep step) {
            return SUB_WORKFLOW;
        }
    };

    /** A step's own timeout: agents, tasks and parallel steps have one; or null. */
    private static final StepVisitor<Duration> TIMEOUT = new StepVisitor<>() {
        @Override
        public Duration visitAgent(AgentStep step) {
            return step.timeout();
        }

        @Override
        public Duration visitTask(TaskStep step) {
            return step.timeout();
        }

        @Override
        public Duration visitParallel(ParallelStep step) {
            return step.timeout();
        }

        @Override
        public Duration visitSequence(SequenceStep step) {
            return null;
        }

        @Override
        public Duration visitConditional(ConditionalStep step) {
            return null;
        }

        @Override
        public Duration visitRoute(RouteStep step) {
            return null;
        }

        @Override
        public Duration visitLoop(LoopStep step) {
            return null;
        }

        @Override
        public Duration visitGate(GateStep step) {
            return null;
        }

        @Override
        public Duration visitSubWorkflow(SubWorkflowStep step) {
            return null;
        }
    };

    private StepOutput conditional(ConditionalStep c, StepTag tag, Frame frame, double share) {
        JournalEntry.BranchChosen recorded = run.journal.replaying() ? run.journal.branch(tag.key()) : null;
        if (recorded != null) {
            if (recorded.branch() == null) return NO_BRANCH;
            for (ConditionalStep.Branch branch : c.branches()) {
                if (branch.step().id().equals(recorded.branch())) return execute(branch.step(), frame, share);
            }
            return execute(c.otherwise(), frame, share); // the resume check guarantees the step is unchanged
        }
        FrameState state = new FrameState(frame, run.id, tag.path());
        for (ConditionalStep.Branch branch : c.branches()) {
            if (branch.when().test(state)) {
                run.journal.branchChosen(tag, branch.step().id(), branch.when().description());
                return execute(branch.step(), frame, share);
            }
        }
        if (c.otherwise() != null) {
            run.journal.branchChosen(tag, c.otherwise().id(), "otherwise");
            return execute(c.otherwise(), frame, share);
        }
        StringBuilder why = new StringBuilder("no condition held:");
        for (ConditionalStep.Branch b : c.branches()) why.append(" not (").append(b.when().description()).append(')');
        run.journal.branchChosen(tag, null, why.toString());
        return NO_BRANCH;
    }

    private StepOutput route(RouteStep r, WorkflowIndex.StepInfo info, StepTag tag, Frame frame, double share) {
        String path = tag.path();
        int options = Math.max(1, info.weight());
        JournalEntry.RouteChosen recorded = run.journal.replaying() ? run.journal.route(tag.key()) : null;
        if (recorded != null) {
            run.progress.advance(share / options);
            frame.state.put(info, tag.orderKey(), recorded.answer());
            RouteStep.Route choice = r.routes().stream().filter(x -> x.name().equals(recorded.route())).findFirst()
                    .orElseThrow();
            return execute(choice.step(), frame, share - share / options);
        }
        failIfFailedElsewhere(path, tag.instance());
        String finalPrompt = leaves.render(info.template(), frame, path); // the template ends with routeOptions(r)
        EngineCallContext ctx = new EngineCallContext(run, frame, tag, r.router().name());
        AgentResult answer = leaves.withRetries(tag, 0, frame,
                attempt -> run.effects.runLeaf(path, () -> r.router().run(new AgentCall(finalPrompt, attempt, ctx))));
        run.progress.advance(share / options);
        RouteStep.Route choice = match(r, answer.text());
        String reason = "router answered \"" + abbreviate(answer.text()) + "\"";
        if (choice == null && r.defaultRoute() != null) {
            choice = r.routes().stream().filter(x -> x.name().equalsIgnoreCase(r.defaultRoute())).findFirst().orElseThrow();
            reason += ", which names no option: default route";
        }
        if (choice == null) {
            throw new StepFailedException(path, 1, new OrchestrationException("router '" + r.router().name()
                    + "' answered \"" + abbreviate(answer.text()) + "\", which names none of "
                    + r.routes().stream().map(RouteStep.Route::name).toList() + " and no default route is set"));
        }
        StepOutput routed = writable(new StepOutput(answer.text(), answer.json()), r, path, Json.MAX_LEAF_OUTPUT_DEPTH);
        run.journal.routeChosen(tag, routed, choice.name(), reason);
        frame.state.put(info, tag.orderKey(), routed); // {{route}} in the options
        return execute(choice.step(), frame, share - share / options);
    }

    /**
     * What a router's prompt ends with: the options and how to answer. Appended to the route step's template when the
     * workflow is built, so a run renders the whole prompt in one exactly sized string.
     */
    static String routeOptions(RouteStep r) {
        StringBuilder options = new StringBuilder("\n\nChoose exactly one of these options and answer with its name only:");
        for (RouteStep.Route option : r.routes()) {
            options.append("\n- ").append(option.name());
            if (!option.description().isBlank()) options.append(": ").append(option.description());
        }
        return options.toString();
    }

    /** The option an answer names: the whole answer (quotes, stars and final dots aside), else the first word match. */
    static RouteStep.Route match(RouteStep r, String answer) {
        String lower = answer.toLowerCase(Locale.ROOT);
        int from = 0;
        int to = lower.length();
        while (from < to && TRIM.indexOf(lower.charAt(from)) >= 0) from++;
        while (to > from && (TRIM.indexOf(lower.charAt(to - 1)) >= 0 || lower.charAt(to - 1) == '.'
                || lower.charAt(to - 1) == '!')) to--;
        String cleaned = lower.substring(from, to);
        for (RouteStep.Route option : r.routes()) {
            if (option.name().equalsIgnoreCase(cleaned)) return option;
        }
        RouteStep.Route found = null;
        int at = Integer.MAX_VALUE;
        for (RouteStep.Route option : r.routes()) {
            int i = wordIndex(lower, option.name().toLowerCase(Locale.ROOT));
            if (i >= 0 && i < at) {
                at = i;
                found = option;
            }
        }
        return found;
    }

    private static final String TRIM = "\"'`* \t\r\n";

    /** First index of {@code word} in {@code text} with no letter or digit right before or after it; or -1. */
    private static int wordIndex(String text, String word) {
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            int end = i + word.length();
            boolean startOk = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
            boolean endOk = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (startOk && endOk) return i;
        }
        return -1;
    }

    private StepOutput loop(LoopStep l, StepTag tag, Frame frame, double share) {
        String path = tag.path();
        GateSlot slot = l.gate() != null ? new GateSlot() : null;
        StepOutput last = null;
        double given = 0;
        for (int iteration = 1; iteration <= l.maxIterations(); iteration++) {
            Frame inner = frame.inLoop(iteration, slot);
            if (run.events.enabled() && (!run.journal.replaying()
                    || run.journal.completed(inner.key(frame.path(frame.index.info(l.body().id())))) == null)) {
                run.events.emit(new WorkflowEvent.LoopIteration(run.id, path, iteration, run.now()));
            }
            double iterationShare = share / (1L << Math.min(iteration, 30));
            given += iterationShare;
            last = execute(l.body(), inner, iterationShare);
            if (l.gate() != null) {
                GateVerdict verdict = verdict(l.gate(), l.threshold(), l.body().id(), last, iteration, tag, inner);
                slot.set(verdict);
                if (verdict.passed()) break;
            } else {
                JournalEntry.LoopDecided recorded = run.journal.replaying()
                        ? run.journal.loop(tag.key() + "#" + iteration) : null;
                boolean exit;
                if (recorded != null) {
                    exit = recorded.exit();
                } else {
                    exit = l.until().test(new FrameState(inner, run.id, path));
                    run.journal.loopDecided(tag, iteration, exit);
                }
                if (exit) break;
            }
            if (iteration == l.maxIterations()) exhausted(l, path, slot);
        }
        run.progress.advance(share - given);
        return last;
    }

    private void exhausted(LoopStep l, String path, GateSlot slot) {
        String what = "loop stopped at its bound of " + l.maxIterations() + " iterations without "
                + (l.gate() != null ? l.gate().name() + " reaching " + l.threshold()
                + (slot.last() != null ? " (last score " + slot.last().score() + ")" : "")
                : "'" + l.until().description() + "'");
        switch (l.onExhausted()) {
            case FAIL:
                throw new StepFailedException(path, l.maxIterations(), new OrchestrationException(what));
            case PARTIAL:
                run.journal.warn(path, what, true);
                break;
            default:
                run.journal.warn(path, what, false);
        }
    }

    private StepOutput gate(GateStep g, StepTag tag, Frame frame, double share) {
        String path = tag.path();
        GateSlot slot = new GateSlot();
        int attempts = g.policy().maxAttempts();
        StepOutput out = null;
        GateVerdict verdict = null;
        double given = 0;
        for (int attempt = 1; ; attempt++) { // no "attempt <= attempts": it would overflow at Integer.MAX_VALUE
            double attemptShare = share / (1L << Math.min(attempt, 30));
            given += attemptShare;
            Frame inner = frame.inGateAttempt(slot, attempt);
            out = execute(g.subject(), inner, attemptShare);
            verdict = verdict(g.gate(), g.threshold(), g.subject().id(), out, attempt, tag, inner);
            slot.set(verdict);
            if (verdict.passed() || attempt == attempts) break;
        }
        run.progress.advance(share - given);
        if (!verdict.passed()) {
            String what = "gate '" + g.gate().name() + "' scored " + verdict.score() + " < " + g.threshold()
                    + (verdict.blockers().isEmpty() ? "" : " with blockers " + verdict.blockers())
                    + " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
            if (g.policy().failWhenDone()) {
                throw new GateFailedException("Gate on step '" + path + "': " + what, verdict.score(), g.threshold());
            }
            run.journal.warn(path, what, true);
        }
        return out;
    }

    /** The gate's verdict on one attempt: recorded in the journal, else evaluated and journaled. */
    private GateVerdict verdict(dev.devora.orchestration.gate.QualityGate gate, int threshold, String subjectId,
                                StepOutput subject, int attempt, StepTag tag, Frame frame) {
        JournalEntry.GateEvaluated recorded = run.journal.replaying() ? run.journal.gate(tag.key() + "#" + attempt) : null;
        if (recorded != null) return recorded.verdict();
        failIfFailedElsewhere(tag.path(), tag.instance());
        // the judge's calls are journaled under the attempt they judge, like the verdict: path#…#attempt
        StepTag judging = new StepTag(tag.slot(), Frame.instance(tag.instance(), attempt), tag.ref());
        GateVerdict verdict = evaluate(gate, threshold, subjectId, subject, attempt, judging, frame);
        run.journal.gateEvaluated(tag, attempt, verdict);
        return verdict;
    }

    private GateVerdict evaluate(dev.devora.orchestration.gate.QualityGate gate, int threshold, String subjectId,
                                 StepOutput subject, int attempt, StepTag tag, Frame frame) {
        String path = tag.path();
        frame.scope.throwIfCancelled();
        EngineCallContext ctx = new EngineCallContext(run, frame, tag, gate.name());
        StepOutput s = subject == null || subject == SKIPPED ? new StepOutput("", null) : subject;
        GateInput input = new GateInput(subjectId, s.text(), s.json(), threshold, attempt,
                new FrameState(frame, run.id, path), ctx);
        GateVerdict verdict;
        try {
            verdict = run.effects.runLeaf(path, () -> gate.evaluate(input));
        } catch (dev.devora.orchestration.RunWaitingException waiting) { // a person judges: asked again when answered
            throw waiting;
        } catch (OrchestrationException e) {
            if (frame.scope.isCancelled()) throw frame.scope.reason();
            throw e instanceof StepFailedException ? e : new StepFailedException(path, attempt, e);
        } catch (RuntimeException e) {
            if (frame.scope.isCancelled()) throw frame.scope.reason();
            throw new StepFailedException(path, attempt, new OrchestrationException("gate '" + gate.name()
                    + "' threw " + e, e, false));
        }
        if (verdict == null) {
            throw new StepFailedException(path, attempt, new OrchestrationException("gate '" + gate.name()
                    + "' returned no verdict"));
        }
        if (verdict.threshold() != threshold) verdict = verdict.withThreshold(threshold);
        return verdict;
    }

    private StepOutput subWorkflow(SubWorkflowStep w, WorkflowIndex.StepInfo info, StepTag tag, Frame frame,
                                   double share) {
        String path = tag.path();
        String orderKey = tag.orderKey();
        ObjectNode raw = Json.NODES.objectNode();
        for (Map.Entry<String, Template> e : info.inputs().entrySet()) {
            Template.Ref only = e.getValue().singleRef();
            boolean typed = w.workflow().input().field(e.getKey())
                    .map(f -> f.type() != dev.devora.orchestration.workflow.FieldType.STRING).orElse(false);
            JsonNode value = only == null || !typed ? null : FrameState.resolve(frame, only.root(), only.path());
            if (value != null && !value.isMissingNode()) {
                raw.set(e.getKey(), value); // "{{ref}}" alone into a list/object/number field keeps its JSON type
            } else {
                raw.put(e.getKey(), leaves.render(e.getValue(), frame, path));
            }
        }
        List<ValidationProblem> problems = new ArrayList<>();
        ObjectNode nestedInput = w.workflow().input().normalise(raw, run.config.inputLimits(), problems);
        if (!problems.isEmpty()) {
            throw new StepFailedException(path, 1, new InputValidationException(w.workflow().id(), problems));
        }
        RunState nestedState = frame.state.nested(nestedInput, w.workflow().index(), w.id(), orderKey);
        Frame nested = new Frame(w.workflow().index(), nestedState, path, orderKey, frame.scope, 0, null, frame.instance);
        OrchestrationException failedElsewhere = null;
        if (!run.journal.replaying() || run.journal.completed(tag.key()) == null) { // the host may run it elsewhere
            String instance = frame.instance;
            SubWorkflowOutcome elsewhere = run.effects.runSubWorkflow(new SubWorkflowCall(w.workflow(), path, orderKey,
                    instance, nestedInput, () -> run.journal.recordedWithin(path, instance)));
            if (elsewhere != null) {
                run.journal.adopt(elsewhere.entries());
                failedElsewhere = elsewhere.failure();
                if (failedElsewhere != null) run.journal.failedElsewhere(path, instance, failedElsewhere);
            }
        }
        runSequence("", w.workflow().steps(), nested, share); // finds done what ran elsewhere
        if (failedElsewhere != null) throw failedElsewhere; // it failed in a decision the walk did not make again
        JsonNode deliverables = w.workflow().assembleDeliverables(new FrameState(nested, run.id, path));
        return StepOutput.json(deliverables);
    }

    /** Throws the failure of a sub-workflow run elsewhere, for a step of it not done there: it is not run again here. */
    private void failIfFailedElsewhere(String path, String instance) {
        OrchestrationException failed = run.journal.failureElsewhere(path, instance);
        if (failed != null) throw failed;
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }
}
