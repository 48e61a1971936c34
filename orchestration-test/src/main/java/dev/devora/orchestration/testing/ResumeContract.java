package dev.devora.orchestration.testing;

import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.DefinitionChangedException;
import dev.devora.orchestration.RunNotFoundException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.ResumeOptions;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunSummary;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resume behaviour every {@link RunStore} must give: extend it with your store and JUnit 5 runs it. Each test
 * runs a workflow (a parallel step, a sub-workflow and a judged loop) until it fails at a chosen point, "restarts"
 * ({@link #reopen}: a new store over the same data, a new engine, new agents), resumes it, and checks that nothing
 * finished was asked of the model again and that the result is byte for byte that of a run that never stopped.
 *
 * <pre>{@code
 * class MyStoreResumeTest extends ResumeContract {
 *     protected RunStore openStore() { return MyStore.open(tempDir); }
 *     protected RunStore reopen(RunStore store) { store.close(); return MyStore.open(tempDir); }
 * }
 * }</pre>
 */
public abstract class ResumeContract {

    /** Creates the contract. */
    protected ResumeContract() {
    }

    /**
     * A new, empty store for one test.
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

    /** A provider failing (non-retriably) where {@code fail} says, answering the same way whatever the order. */
    private static ScriptedLlmProvider provider(Predicate<LlmRequest> fail) {
        return ScriptedLlmProvider.builder()
                .when(fail).failAlways(ProviderErrorKind.INVALID_REQUEST)
                .whenAgent("qa-judge").answer(r -> r.lastUserText().contains("round-2")
                        ? "{\"score\": 85, \"feedback\": \"good\"}" : "{\"score\": 60, \"feedback\": \"more detail\"}")
                .otherwise(r -> "answer of " + r.attribute(LlmRequest.AGENT)
                        + (r.lastUserText().contains("(round 2)") ? " round-2" : "") + " to "
                        + r.lastUserText().length() + " chars")
                .costPerToken(new BigDecimal("0.000002"))
                .build();
    }

    private static Predicate<LlmRequest> never() {
        return r -> false;
    }

    private static Predicate<LlmRequest> atStep(String path) {
        return r -> path.equals(r.attribute(LlmRequest.STEP_PATH));
    }

    private static Workflow workflow(ScriptedLlmProvider llm, String outlinePrompt) {
        LlmAgent writer = LlmAgent.builder("writer").provider(llm).build();
        Workflow review = Workflow.builder("review-flow")
                .input(InputSpec.builder().required("doc", "what to review").build())
                .step(Steps.agent("critique", LlmAgent.builder("critic").provider(llm).build())
                        .prompt("Critique {{input.doc}}"))
                .step(Steps.agent("summary", LlmAgent.builder("summarizer").provider(llm).build())
                        .prompt("Summarise {{critique}}"))
                .deliverable("summary", "summary")
                .build();
        return Workflow.builder("durable")
                .input(InputSpec.builder().required("topic", "what to write about").build())
                .step(Steps.agent("outline", writer).prompt(outlinePrompt))
                .step(Steps.parallel("sections",
                                Steps.agent("s1", LlmAgent.builder("w1").provider(llm).build()).prompt("Section 1 of {{outline}}"),
                                Steps.agent("s2", LlmAgent.builder("w2").provider(llm).build()).prompt("Section 2 of {{outline}}"),
                                Steps.agent("s3", LlmAgent.builder("w3").provider(llm).build()).prompt("Section 3 of {{outline}}"))
                        .collectFailures())
                .step(Steps.workflow("review", review).input("doc", "{{outline}}"))
                .step(Steps.loop("polish", Steps.agent("draft", writer)
                                .prompt("Merge {{sections}} and {{review}} (round {{loop.iteration}}) {{gate.feedback}}"))
                        .until(QualityGates.llmJudge("qa", llm, "Is it complete?").build(), 80)
                        .maxIterations(3))
                .deliverable("doc", "draft")
                .build();
    }

    private static Workflow workflow(ScriptedLlmProvider llm) {
        return workflow(llm, "Outline {{input.topic}}");
    }

    /** The state of the same run that never stopped, and how many calls it made. */
    private static WorkflowResult uninterrupted() {
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            WorkflowResult r = engine.run(workflow(provider(never())), INPUT);
            assertEquals(RunStatus.SUCCEEDED, r.status(), () -> String.valueOf(r.failure()));
            return r;
        }
    }

    private record Interrupted(String runId, RunStore store, WorkflowResult first, ScriptedLlmProvider llm) {
    }

    /** Runs until the provider fails where {@code fail} says. */
    private Interrupted failAt(Predicate<LlmRequest> fail, RunOptions options) {
        RunStore store = openStore();
        ScriptedLlmProvider llm = provider(fail);
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            WorkflowResult first = engine.run(workflow(llm), INPUT, options);
            assertEquals(RunStatus.FAILED, first.status(), "the first attempt is meant to fail");
            return new Interrupted(first.runId(), reopen(store), first, llm);
        }
    }

    private static List<String> pathsAsked(ScriptedLlmProvider llm) {
        return llm.requests().stream().map(r -> r.attribute(LlmRequest.STEP_PATH)).toList();
    }

    /** The resumed run, on a new engine over the reopened store, with new agents on a provider that does not fail. */
    private static WorkflowResult resume(Interrupted run, ScriptedLlmProvider llm, ResumeOptions options) {
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(run.store()).build()) {
            return engine.resume(workflow(llm), run.runId(), options, WorkflowListener.NONE);
        }
    }

    /** A failed parallel branch: only it and what follows run again; the other branches are replayed. */
    @Test
    public void failedParallelBranch_resumeRunsOnlyWhatDidNotFinish() {
        Interrupted run = failAt(atStep("sections/s2"), RunOptions.NONE);
        ScriptedLlmProvider llm = provider(never());
        WorkflowResult resumed = resume(run, llm, ResumeOptions.DEFAULT);
        assertEquals(RunStatus.SUCCEEDED, resumed.status(), () -> String.valueOf(resumed.failure()));
        List<String> asked = pathsAsked(llm);
        assertFalse(asked.contains("outline"), () -> "outline was asked again: " + asked);
        assertFalse(asked.contains("sections/s1"), () -> "s1 was asked again: " + asked);
        assertFalse(asked.contains("sections/s3"), () -> "s3 was asked again: " + asked);
        assertEquals(1, asked.stream().filter("sections/s2"::equals).count(), () -> "asked: " + asked);
        assertEquals(uninterrupted().stateJson(), resumed.stateJson());
        assertEquals(run.runId(), resumed.runId());
    }

    /** A failure in iteration 2 of a judged loop: iteration 1 is replayed and its feedback reaches iteration 2. */
    @Test
    public void failureInLoopIteration2_resumesThereWithTheFeedbackOfIteration1() {
        Interrupted run = failAt(r -> "polish/draft".equals(r.attribute(LlmRequest.STEP_PATH))
                && r.lastUserText().contains("(round 2)"), RunOptions.NONE);
        ScriptedLlmProvider llm = provider(never());
        WorkflowResult resumed = resume(run, llm, ResumeOptions.DEFAULT);
        assertEquals(RunStatus.SUCCEEDED, resumed.status(), () -> String.valueOf(resumed.failure()));
        List<LlmRequest> drafts = llm.requestsForStep("polish/draft");
        assertEquals(1, drafts.size(), "only iteration 2 of the loop body runs again");
        assertTrue(drafts.get(0).lastUserText().contains("(round 2) more detail"), drafts.get(0).lastUserText());
        assertEquals(List.of("polish/draft", "polish"), pathsAsked(llm), "iteration 2 and its verdict only");
        assertEquals(uninterrupted().stateJson(), resumed.stateJson());
        List<String> keys = run.store().entries(run.runId()).stream()
                .filter(e -> e instanceof JournalEntry.StepCompleted).map(JournalEntry::key).toList();
        assertTrue(keys.contains("polish/draft#1") && keys.contains("polish/draft#2"), keys::toString);
    }

    /** A failure inside a sub-workflow: its finished step is replayed. */
    @Test
    public void failureInsideSubWorkflow_resumeReplaysItsFinishedSteps() {
        Interrupted run = failAt(atStep("review/summary"), RunOptions.NONE);
        ScriptedLlmProvider llm = provider(never());
        WorkflowResult resumed = resume(run, llm, ResumeOptions.DEFAULT);
        assertEquals(RunStatus.SUCCEEDED, resumed.status(), () -> String.valueOf(resumed.failure()));
        List<String> asked = pathsAsked(llm);
        assertFalse(asked.contains("review/critique"), () -> "critique was asked again: " + asked);
        assertEquals("review/summary", asked.get(0));
        assertEquals(uninterrupted().stateJson(), resumed.stateJson());
    }

    /** A budget stop: resumed with a raised budget, the run goes on counting what it spent before. */
    @Test
    public void budgetStop_resumeWithRaisedBudgetFinishesWithoutPayingTwice() {
        WorkflowResult reference = uninterrupted();
        long total = reference.metrics().usage().totalTokens();
        Interrupted run = failAt(never(), RunOptions.builder().maxTokens(total / 3).build());
        assertInstanceOf(BudgetExceededException.class, run.first().failure().orElseThrow());
        int paidBefore = run.first().metrics().llmCalls();
        ScriptedLlmProvider llm = provider(never());
        WorkflowResult resumed = resume(run, llm, ResumeOptions.builder().maxTokens(total * 2).build());
        assertEquals(RunStatus.SUCCEEDED, resumed.status(), () -> String.valueOf(resumed.failure()));
        assertEquals(reference.metrics().llmCalls(), paidBefore + llm.callCount(), "no finished call made twice");
        assertEquals(reference.stateJson(), resumed.stateJson());

        Interrupted tight = failAt(never(), RunOptions.builder().maxTokens(total / 3).build());
        WorkflowResult stillTight = resume(tight, provider(never()), ResumeOptions.DEFAULT);
        assertInstanceOf(BudgetExceededException.class, stillTight.failure().orElseThrow(),
                "the same budget, counted from what the journal says was spent, stops it again");
    }

    /** A finished step defined differently: refused before any call, or re-run from the first changed step. */
    @Test
    public void changedDefinition_isRefusedWithThePaths_orReRunFromTheFirstChangedStep() {
        Interrupted run = failAt(atStep("review/summary"), RunOptions.NONE);
        ScriptedLlmProvider llm = provider(never());
        DefinitionChangedException e;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(run.store()).build()) {
            e = assertThrows(DefinitionChangedException.class,
                    () -> engine.resume(workflow(llm, "Outline {{input.topic}} briefly"), run.runId()));
        }
        assertEquals(List.of("outline"), e.changedPaths());
        assertTrue(e.getMessage().contains("outline") && e.getMessage().contains("rerunChangedSteps"), e.getMessage());
        assertEquals(0, llm.callCount(), "nothing is called before the check");

        WorkflowResult rerun;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(run.store()).build()) {
            rerun = engine.resume(workflow(llm, "Outline {{input.topic}} briefly"), run.runId(),
                    ResumeOptions.builder().rerunChangedSteps().build(), WorkflowListener.NONE);
        }
        assertEquals(RunStatus.SUCCEEDED, rerun.status(), () -> String.valueOf(rerun.failure()));
        List<String> asked = pathsAsked(llm);
        assertEquals("outline", asked.get(0));
        assertTrue(asked.containsAll(List.of("sections/s1", "sections/s2", "sections/s3", "review/critique")), asked::toString);
    }

    /** A finished run: its result is read back, nothing is called, its events can be read after a restart. */
    @Test
    public void finishedRun_resumeReturnsItsResultWithoutCalls_andItsEventsReadBack() {
        RunStore store = openStore();
        WorkflowResult done;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            done = engine.run(workflow(provider(never())), INPUT);
        }
        RunStore after = reopen(store);
        ScriptedLlmProvider llm = provider(never());
        RecordingWorkflowListener listener = new RecordingWorkflowListener();
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(after).build()) {
            WorkflowResult again = engine.resume(workflow(llm), done.runId(), ResumeOptions.DEFAULT, listener);
            assertEquals(done.stateJson(), again.stateJson());
            assertEquals(0, llm.callCount());
            listener.assertWellFormed();
            List<WorkflowEvent> events = engine.events(done.runId());
            assertInstanceOf(WorkflowEvent.RunStarted.class, events.get(0));
            WorkflowEvent last = events.get(events.size() - 1);
            assertInstanceOf(WorkflowEvent.RunCompleted.class, last);
            assertEquals(RunStatus.SUCCEEDED, ((WorkflowEvent.RunCompleted) last).status());
            assertEquals(done.metrics().llmCalls(),
                    events.stream().filter(x -> x instanceof WorkflowEvent.LlmCallCompleted).count());
            assertTrue(events.stream().anyMatch(x -> x instanceof WorkflowEvent.StepCompleted c
                    && c.path().equals("review/critique")), events::toString);
            assertThrows(RunNotFoundException.class, () -> engine.resume(workflow(llm), "no-such-run"));
        }
        RunSummary summary = after.run(done.runId()).orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, summary.status());
        assertEquals(done.metrics().llmCalls(), summary.calls());
        assertEquals(0, done.metrics().usage().costOrEstimateUsd().compareTo(summary.costUsd()));
        assertTrue(after.runs(RunQuery.builder().status(RunStatus.SUCCEEDED).workflow("durable").build())
                .stream().anyMatch(s -> s.runId().equals(done.runId())));
    }
}
