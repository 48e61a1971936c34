package dev.devora.orchestration.testing;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.engine.ResumeOptions;
import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Resume equivalence, checked exhaustively, that every {@link RunStore} must give: a workflow is run once without
 * interruption; then, for every model call that run made, a run failing (non-retriably) at exactly that call is
 * resumed after a "restart" ({@link #reopen}: a new store over the same data, a new engine, new agents), and must end
 * with the uninterrupted run's {@code stateJson()}, asking each step's model exactly as often as the uninterrupted run
 * did over both runs (no finished call repeated, none missing), with the same answered calls in the journal, and
 * running each plain-Java task exactly as often. Extend it with your store and JUnit 5 runs it.
 *
 * <pre>{@code
 * class MyStoreResumeEquivalenceTest extends ResumeEquivalenceContract {
 *     protected RunStore openStore() { return MyStore.open(tempDir.resolve(UUID.randomUUID().toString())); }
 * }
 * }</pre>
 */
public abstract class ResumeEquivalenceContract {

    /** Creates the contract. */
    protected ResumeEquivalenceContract() {
    }

    /**
     * A new, empty store for one failure point (each one opens its own).
     *
     * @return the store
     */
    protected abstract RunStore openStore();

    /**
     * The same data as a process started afresh would see it (close and open again); the default returns the store
     * itself (a store that lives in memory).
     *
     * @param store the store the first process used
     * @return the store a second process uses
     */
    protected RunStore reopen(RunStore store) {
        return store;
    }

    private static final Map<String, Object> INPUT = Map.of("topic", "caching");

    /** Counts task invocations by task id across the runs of one case. */
    private static final class Tasks {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        int run(String id) {
            return runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }

        Map<String, Integer> counts() {
            Map<String, Integer> m = new TreeMap<>();
            runs.forEach((k, v) -> m.put(k, v.get()));
            return m;
        }
    }

    /** Passes a subject from its second attempt (or iteration) on, with feedback the next attempt must carry. */
    private static final QualityGate SECOND_TIME = QualityGate.of("second-time", in -> in.attempt() >= 2
            ? GateVerdict.pass("second-time", 90, in.threshold())
            : GateVerdict.fail("second-time", 40, in.threshold(), "more on " + in.subjectId()));

    private static ScriptedLlmProvider provider(Predicate<LlmRequest> fail) {
        return ScriptedLlmProvider.builder()
                .when(fail).failAlways(ProviderErrorKind.INVALID_REQUEST)
                .whenAgent("flaky").failTimes(2, ProviderErrorKind.SERVER_ERROR).answer(r -> "flaky at last")
                .whenAgent("router").answer(r -> "Beta.")
                .whenAgent("facts").answer(r -> "Sure, here it is: {\"ok\": true, \"chars\": "
                        + r.lastUserText().length() + "} (hope that helps)")
                .whenAgent("judge-judge").answer(r -> r.lastUserText().contains("tally 2")
                        ? "{\"score\": 90, \"feedback\": \"fine\"}" : "{\"score\": 50, \"feedback\": \"deeper\"}")
                .otherwise(r -> r.attribute(LlmRequest.AGENT) + " on " + r.attribute(LlmRequest.STEP_PATH) + " #"
                        + Integer.toHexString(r.lastUserText().hashCode()))
                .costPerToken(new BigDecimal("0.000001"))
                .build();
    }

    private static LlmAgent agent(String name, ScriptedLlmProvider llm) {
        return LlmAgent.builder(name).provider(llm).build();
    }

    /** Route, conditionals (taken, not taken, otherwise), a retried gate, a task, JSON in text, retries, a timeout. */
    private static Workflow decisions(ScriptedLlmProvider llm, Tasks tasks) {
        return Workflow.builder("decisions")
                .input(InputSpec.builder().required("topic", "what").build())
                .step(Steps.agent("outline", agent("writer", llm)).prompt("Outline {{input.topic}}"))
                .step(Steps.route("pick", agent("router", llm)).prompt("Which for {{outline}}?")
                        .option("alpha", "the first", Steps.agent("a", agent("wa", llm)).prompt("Alpha {{pick}}"))
                        .option("beta", "the second", Steps.agent("b", agent("wb", llm)).prompt("Beta {{pick}}")))
                .step(Steps.when("taken", Condition.outputContains("outline", "writer"),
                        Steps.agent("t1", agent("wt", llm)).prompt("Taken {{outline}}")))
                .step(Steps.when("skipped", Condition.inputEquals("topic", "nothing"),
                        Steps.agent("s1", agent("ws", llm)).prompt("Never {{outline}}")))
                .step(Steps.when("fallback", Condition.inputEquals("topic", "nothing"),
                                Steps.agent("f1", agent("wf", llm)).prompt("Never {{outline}}"))
                        .otherwise(Steps.agent("f2", agent("wo", llm)).prompt("Otherwise {{outline}}")))
                .step(Steps.gate("checked", Steps.agent("subject", agent("ws2", llm))
                                .prompt("Write {{outline}} {{gate.feedback}}"), SECOND_TIME)
                        .threshold(80).onFailure(GatePolicy.retry(2)))
                .step(Steps.task("count", "counts words", ctx -> Map.of("n", tasks.run("count"),
                        "words", ctx.text("checked").split(" ").length)))
                .step(Steps.agent("facts", LlmAgent.builder("facts").provider(llm).output(OutputSpec.json()).build())
                        .prompt("Facts on {{count}}"))
                .step(Steps.agent("retried", agent("flaky", llm)).prompt("Flaky {{facts}}").maxAttempts(3))
                .step(Steps.agent("timed", agent("wtimed", llm)).prompt("Timed {{retried}} {{facts.chars}}")
                        .timeout(Duration.ofSeconds(60)))
                .build();
    }

    /** A loop in a loop, a loop in a parallel branch, a sub-workflow in a loop, tasks inside loops and branches. */
    private static Workflow nested(ScriptedLlmProvider llm, Tasks tasks) {
        Workflow sub = Workflow.builder("sub")
                .input(InputSpec.builder().required("doc", "what").build())
                .step(Steps.agent("critique", agent("critic", llm)).prompt("Critique {{input.doc}}"))
                .step(Steps.task("mark", "marks", ctx -> "marked " + tasks.run("sub/mark")))
                .step(Steps.agent("summary", agent("summarizer", llm)).prompt("Summarise {{critique}} {{mark}}"))
                .deliverable("summary", "summary")
                .build();
        return Workflow.builder("nested")
                .input(InputSpec.builder().required("topic", "what").build())
                .step(Steps.loop("outer", Steps.sequence("round",
                                Steps.agent("head", agent("header", llm)).prompt("Head {{input.topic}} {{loop.iteration}}"),
                                Steps.loop("inner", Steps.agent("line", agent("liner", llm))
                                                .prompt("Line {{head}} {{loop.iteration}} {{gate.feedback}}"))
                                        .until(SECOND_TIME, 80).maxIterations(3),
                                Steps.task("tally", "tallies", ctx -> "tally " + tasks.run("tally"))))
                        .until(QualityGates.llmJudge("judge", llm, "Good?").build(), 80).maxIterations(3))
                .step(Steps.parallel("fan",
                                Steps.loop("l1", Steps.agent("p1", agent("pw1", llm))
                                                .prompt("Branch {{outer}} {{loop.iteration}} {{gate.feedback}}"))
                                        .until(SECOND_TIME, 80).maxIterations(2),
                                Steps.agent("p2", agent("pw2", llm)).prompt("Other {{outer}}"),
                                Steps.task("p3", "branch task", ctx -> "p3 " + tasks.run("p3")))
                        .collectFailures())
                .step(Steps.loop("reviews", Steps.workflow("review", sub).input("doc", "{{fan}} {{loop.iteration}}"))
                        .until(SECOND_TIME, 80).maxIterations(2))
                .step(Steps.agent("final", agent("closer", llm)).prompt("Close {{reviews}} {{fan}}"))
                .build();
    }

    /** Route, conditionals, a retried gate, a task, JSON in text, retries and a timeout, failed at every call. */
    @Test
    public void decisions_resumeFromEveryCall_isTheUninterruptedRun() {
        everyFailurePoint(ResumeEquivalenceContract::decisions);
    }

    /** Nested loops, a loop and a task in parallel branches, a sub-workflow in a loop, failed at every call. */
    @Test
    public void nestedLoopsBranchesAndSubWorkflows_resumeFromEveryCall_isTheUninterruptedRun() {
        everyFailurePoint(ResumeEquivalenceContract::nested);
    }

    private static WorkflowEngine engine(RunStore store) {
        return WorkflowEngine.builder().runStore(store)
                .retryPolicy(RetryPolicy.builder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5))
                        .build())
                .build();
    }

    private static Map<String, Integer> byPath(List<String> paths) {
        Map<String, Integer> m = new TreeMap<>();
        for (String p : paths) m.merge(p, 1, Integer::sum);
        return m;
    }

    private void everyFailurePoint(BiFunction<ScriptedLlmProvider, Tasks, Workflow> definition) {
        Tasks reference = new Tasks();
        ScriptedLlmProvider plain = provider(r -> false);
        WorkflowResult uninterrupted;
        try (WorkflowEngine engine = engine(new InMemoryRunStore())) {
            uninterrupted = engine.run(definition.apply(plain, reference), INPUT);
        }
        assertEquals(RunStatus.SUCCEEDED, uninterrupted.status(), () -> String.valueOf(uninterrupted.failure()));
        List<LlmRequest> calls = plain.requests();
        // answered calls per path in the uninterrupted run (the flaky agent's failed attempts are not answers)
        Map<String, Integer> answered = byPath(uninterrupted.metrics().calls().stream()
                .map(c -> c.path()).toList());
        for (int n = 0; n < calls.size(); n++) {
            String prompt = calls.get(n).lastUserText();
            String path = calls.get(n).attribute(LlmRequest.STEP_PATH);
            if ("retried".equals(path)) continue; // its first two attempts fail by design: no failure point
            String where = "failing at call " + n + " (" + path + "): ";
            Tasks tasks = new Tasks();
            RunStore store = openStore();
            ScriptedLlmProvider failing = provider(r -> path.equals(r.attribute(LlmRequest.STEP_PATH))
                    && prompt.equals(r.lastUserText()));
            WorkflowResult first;
            try (WorkflowEngine engine = engine(store)) {
                first = engine.run(definition.apply(failing, tasks), INPUT);
            }
            assertEquals(RunStatus.FAILED, first.status(), where + "the first run is meant to fail");
            store = reopen(store);
            ScriptedLlmProvider again = provider(r -> false);
            RecordingWorkflowListener listener = new RecordingWorkflowListener();
            WorkflowResult resumed;
            try (WorkflowEngine engine = engine(store)) {
                resumed = engine.resume(definition.apply(again, tasks), first.runId(), ResumeOptions.DEFAULT, listener);
            }
            assertEquals(RunStatus.SUCCEEDED, resumed.status(), () -> where + resumed.failure());
            assertEquals(uninterrupted.stateJson(), resumed.stateJson(), where + "state");
            List<String> journaled = store.entries(first.runId()).stream()
                    .filter(e -> e instanceof JournalEntry.CallRecorded c && !c.call().aborted())
                    .map(e -> ((JournalEntry.CallRecorded) e).call().path()).toList();
            assertEquals(answered, byPath(journaled), where + "answered calls per path in the journal");
            List<String> asked = new java.util.ArrayList<>();
            boolean failedTakenOut = false;
            for (LlmRequest r : failing.requests()) {
                if (!failedTakenOut && path.equals(r.attribute(LlmRequest.STEP_PATH)) && prompt.equals(r.lastUserText())) {
                    failedTakenOut = true; // the call that failed: it is asked once more on resume
                } else {
                    asked.add(r.attribute(LlmRequest.STEP_PATH));
                }
            }
            for (LlmRequest r : again.requests()) asked.add(r.attribute(LlmRequest.STEP_PATH));
            assertEquals(byPath(calls.stream().map(r -> r.attribute(LlmRequest.STEP_PATH)).toList()), byPath(asked),
                    where + "requests per path, both runs together (none repeated, none missing)");
            assertEquals(reference.counts(), tasks.counts(), where + "task runs, both runs together");
            assertEquals(uninterrupted.metrics().llmCalls(), resumed.metrics().llmCalls(), where + "calls accounted");
            listener.assertWellFormed();
            store.close();
        }
    }
}
