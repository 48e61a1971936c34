package dev.devora.orchestration.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.BudgetExceededException;
import dev.devora.orchestration.RunTimeoutException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.ResumeOptions;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.engine.WorkflowRun;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Resume from the outside, at its edges: a run cancelled mid-parallel, a timed-out run, resuming twice, resuming a run
 * that is running, another workflow, a journal without its start, a changed step inside a loop, USD budget stops, and
 * the events read back from a journal against those a listener saw.
 */
class ResumeEdgeCasesTest {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final QualityGate SECOND_TIME = QualityGate.of("second-time", in -> in.attempt() >= 2
            ? GateVerdict.pass("second-time", 90, in.threshold())
            : GateVerdict.fail("second-time", 40, in.threshold(), "more on " + in.subjectId()));

    private static ScriptedLlmProvider llm(String slowPrefix, Duration slow) {
        return ScriptedLlmProvider.builder()
                .otherwise(r -> r.attribute(LlmRequest.STEP_PATH) + " #" + Integer.toHexString(r.lastUserText().hashCode()))
                .latency(r -> slowPrefix != null && r.attribute(LlmRequest.STEP_PATH).startsWith(slowPrefix) ? slow
                        : Duration.ZERO)
                .costPerToken(new BigDecimal("0.0001"))
                .build();
    }

    private static ScriptedLlmProvider fast() {
        return llm(null, Duration.ZERO);
    }

    private static Workflow fanOut(ScriptedLlmProvider llm) {
        LlmAgent w = LlmAgent.builder("w").provider(llm).build();
        return Workflow.builder("fan-out")
                .step(Steps.agent("outline", w).prompt("Outline"))
                .step(Steps.parallel("sections",
                        Steps.agent("s1", w).prompt("One {{outline}}"),
                        Steps.agent("s2", w).prompt("Two {{outline}}"),
                        Steps.agent("s3", w).prompt("Three {{outline}}")))
                .step(Steps.agent("final", w).prompt("Final {{sections}}"))
                .build();
    }

    private static Workflow polished(ScriptedLlmProvider llm, String draftPrompt) {
        LlmAgent w = LlmAgent.builder("w").provider(llm).build();
        return Workflow.builder("polished")
                .step(Steps.agent("outline", w).prompt("Outline"))
                .step(Steps.loop("polish", Steps.agent("draft", w).prompt(draftPrompt))
                        .until(SECOND_TIME, 80).maxIterations(3))
                .step(Steps.when("long", Condition.outputContains("draft", "#"),
                        Steps.agent("extra", w).prompt("Extra {{draft}}")))
                .step(Steps.agent("final", w).prompt("Final {{draft}}"))
                .build();
    }

    private static JsonNode field(WorkflowResult r, String name) {
        try {
            return JSON.readTree(r.stateJson()).get(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> paths(ScriptedLlmProvider llm) {
        return llm.requests().stream().map(r -> r.attribute(LlmRequest.STEP_PATH)).toList();
    }

    private static WorkflowEngine engine(RunStore store) {
        return WorkflowEngine.builder().runStore(store).build();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting");
            Thread.sleep(5);
        }
    }

    @Test
    void cancelledMidParallel_resumeRunsOnlyTheUnfinishedBranches_andEndsWithTheUninterruptedOutputs() throws Exception {
        WorkflowResult reference;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            reference = engine.run(fanOut(fast()), Map.of());
        }
        InMemoryRunStore store = new InMemoryRunStore();
        ScriptedLlmProvider s1Fast = ScriptedLlmProvider.builder()
                .otherwise(r -> r.attribute(LlmRequest.STEP_PATH) + " #" + Integer.toHexString(r.lastUserText().hashCode()))
                .latency(r -> "sections/s1".equals(r.attribute(LlmRequest.STEP_PATH)) || "outline".equals(
                        r.attribute(LlmRequest.STEP_PATH)) ? Duration.ZERO : Duration.ofSeconds(30))
                .costPerToken(new BigDecimal("0.0001")).build();
        WorkflowResult cancelled;
        try (WorkflowEngine engine = engine(store)) {
            WorkflowRun run = engine.start(fanOut(s1Fast), Map.of(), WorkflowListener.NONE);
            await(() -> s1Fast.inFlight() == 2 && store.entries(run.id()).stream().anyMatch(e ->
                    e instanceof JournalEntry.StepCompleted s && s.key().equals("sections/s1")));
            run.cancel();
            cancelled = run.result().get(20, TimeUnit.SECONDS);
        }
        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        ScriptedLlmProvider again = fast();
        RecordingWorkflowListener listener = new RecordingWorkflowListener();
        WorkflowResult resumed;
        try (WorkflowEngine engine = engine(store)) {
            resumed = engine.resume(fanOut(again), cancelled.runId(), ResumeOptions.DEFAULT, listener);
        }
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(paths(again)).containsExactlyInAnyOrder("sections/s2", "sections/s3", "final");
        assertThat(field(resumed, "outputs")).isEqualTo(field(reference, "outputs"));
        assertThat(resumed.metrics().calls().stream().filter(c -> c.aborted()).count())
                .as("the two aborted calls stay accounted").isEqualTo(2);
        listener.assertWellFormed();
    }

    @Test
    void timedOutRun_resumesWithAHigherTimeout_andEndsAsTheUninterruptedRun() {
        WorkflowResult reference;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            reference = engine.run(fanOut(fast()), Map.of());
        }
        InMemoryRunStore store = new InMemoryRunStore();
        WorkflowResult timedOut;
        try (WorkflowEngine engine = engine(store)) {
            timedOut = engine.run(fanOut(llm("final", Duration.ofSeconds(30))), Map.of(),
                    RunOptions.builder().timeout(Duration.ofMillis(800)).build());
        }
        assertThat(timedOut.failure().orElseThrow()).isInstanceOf(RunTimeoutException.class);
        ScriptedLlmProvider again = fast();
        WorkflowResult resumed;
        try (WorkflowEngine engine = engine(store)) {
            resumed = engine.resume(fanOut(again), timedOut.runId(),
                    ResumeOptions.builder().timeout(Duration.ofSeconds(60)).build(), WorkflowListener.NONE);
        }
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(paths(again)).containsExactly("final");
        assertThat(field(resumed, "outputs")).isEqualTo(field(reference, "outputs"));
    }

    @Test
    void resumedTwiceAndThrice_afterItSucceeded_isReadBackWithoutCallsOrEntries() {
        InMemoryRunStore store = new InMemoryRunStore();
        ScriptedLlmProvider failing = ScriptedLlmProvider.builder().whenStep("final")
                .failAlways(ProviderErrorKind.INVALID_REQUEST)
                .otherwise(r -> r.attribute(LlmRequest.STEP_PATH) + " #" + Integer.toHexString(r.lastUserText().hashCode()))
                .costPerToken(new BigDecimal("0.0001")).build();
        String runId;
        try (WorkflowEngine engine = engine(store)) {
            runId = engine.run(fanOut(failing), Map.of()).runId();
        }
        WorkflowResult first;
        try (WorkflowEngine engine = engine(store)) {
            first = engine.resume(fanOut(fast()), runId);
        }
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        int entries = store.entries(runId).size();
        for (int i = 0; i < 2; i++) {
            ScriptedLlmProvider none = fast();
            RecordingWorkflowListener listener = new RecordingWorkflowListener();
            WorkflowResult again;
            try (WorkflowEngine engine = engine(store)) {
                again = engine.resume(fanOut(none), runId, ResumeOptions.DEFAULT, listener);
            }
            assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(again.stateJson()).isEqualTo(first.stateJson());
            assertThat(none.callCount()).isZero();
            assertThat(store.entries(runId)).hasSize(entries);
            listener.assertWellFormed();
        }
    }

    @Test
    void aRunStillRunningInThisEngine_isNotResumed() throws Exception {
        InMemoryRunStore store = new InMemoryRunStore();
        ScriptedLlmProvider slow = llm("final", Duration.ofSeconds(2));
        try (WorkflowEngine engine = engine(store)) {
            WorkflowRun run = engine.start(fanOut(slow), Map.of(), WorkflowListener.NONE);
            await(() -> slow.inFlight() == 1 && "final".equals(slow.requests().get(slow.requests().size() - 1)
                    .attribute(LlmRequest.STEP_PATH)));
            int before = store.entries(run.id()).size();
            assertThatThrownBy(() -> engine.resume(fanOut(fast()), run.id()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(run.id());
            assertThatThrownBy(() -> engine.startResume(fanOut(fast()), run.id(), ResumeOptions.DEFAULT,
                    WorkflowListener.NONE)).isInstanceOf(IllegalStateException.class);
            assertThat(store.entries(run.id())).hasSize(before);
            assertThat(run.result().get(20, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void anotherWorkflow_orAJournalWithoutItsStart_isRefusedNamingWhatIsWrong() {
        InMemoryRunStore store = new InMemoryRunStore();
        String runId;
        try (WorkflowEngine engine = engine(store)) {
            runId = engine.run(fanOut(fast()), Map.of()).runId();
        }
        try (WorkflowEngine engine = engine(store)) {
            assertThatThrownBy(() -> engine.resume(polished(fast(), "Draft"), runId))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fan-out").hasMessageContaining("polished").hasMessageContaining(runId);
        }
        RunStore headless = new RunStore() { // a store that lost the run's first entry
            @Override
            public void append(String id, JournalEntry entry, RunSummary summary) {
                store.append(id, entry, summary);
            }

            @Override
            public List<JournalEntry> entries(String id) {
                List<JournalEntry> all = store.entries(id);
                return all.isEmpty() ? all : all.subList(1, all.size());
            }

            @Override
            public Optional<RunSummary> run(String id) {
                return store.run(id);
            }

            @Override
            public List<RunSummary> runs(RunQuery query) {
                return store.runs(query);
            }

            @Override
            public int purge(java.time.Instant endedBefore) {
                return store.purge(endedBefore);
            }
        };
        ScriptedLlmProvider none = fast();
        try (WorkflowEngine engine = engine(headless)) {
            assertThatThrownBy(() -> engine.resume(fanOut(none), runId))
                    .isInstanceOf(RunStoreException.class)
                    .hasMessageContaining(runId).hasMessageContaining("run_started");
        }
        assertThat(none.callCount()).isZero();
    }

    @Test
    void changedStepInsideALoop_rerunChangedSteps_runsTheLoopAgainFromIteration1() {
        InMemoryRunStore store = new InMemoryRunStore();
        ScriptedLlmProvider failing = ScriptedLlmProvider.builder().whenStep("final")
                .failAlways(ProviderErrorKind.INVALID_REQUEST)
                .otherwise(r -> r.attribute(LlmRequest.STEP_PATH) + " #" + Integer.toHexString(r.lastUserText().hashCode()))
                .build();
        String runId;
        try (WorkflowEngine engine = engine(store)) {
            runId = engine.run(polished(failing, "Draft {{outline}} {{gate.feedback}}"), Map.of()).runId();
        }
        String changed = "Draft better {{outline}} {{gate.feedback}}";
        WorkflowResult reference;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            reference = engine.run(polished(fast(), changed), Map.of());
        }
        ScriptedLlmProvider again = fast();
        WorkflowResult rerun;
        try (WorkflowEngine engine = engine(store)) {
            rerun = engine.resume(polished(again, changed), runId, ResumeOptions.builder().rerunChangedSteps().build(),
                    WorkflowListener.NONE);
        }
        assertThat(rerun.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(paths(again)).containsExactly("polish/draft", "polish/draft", "long/extra", "final");
        assertThat(field(rerun, "outputs")).isEqualTo(field(reference, "outputs"));
        assertThat(field(rerun, "gates")).isEqualTo(field(reference, "gates"));
        assertThat(rerun.gateHistory()).hasSize(2);
    }

    @Test
    void usdBudgetStop_sameBudgetStopsAgainWithoutACall_raisedBudgetFinishesPayingNothingTwice() {
        WorkflowResult reference;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            reference = engine.run(polished(fast(), "Draft {{outline}} {{gate.feedback}}"), Map.of());
        }
        BigDecimal total = reference.metrics().spentUsd();
        BigDecimal limit = total.divide(BigDecimal.valueOf(2));
        InMemoryRunStore store = new InMemoryRunStore();
        ScriptedLlmProvider first = fast();
        WorkflowResult stopped;
        RunOptions budget = RunOptions.builder().maxCostUsd(limit).estimatedCallCostUsd("0.0001").build();
        try (WorkflowEngine engine = engine(store)) {
            stopped = engine.run(polished(first, "Draft {{outline}} {{gate.feedback}}"), Map.of(), budget);
        }
        assertThat(stopped.failure().orElseThrow()).isInstanceOf(BudgetExceededException.class);
        BigDecimal spent = stopped.metrics().spentUsd();
        for (int i = 0; i < 2; i++) {
            ScriptedLlmProvider same = fast();
            WorkflowResult again;
            try (WorkflowEngine engine = engine(store)) {
                again = engine.resume(polished(same, "Draft {{outline}} {{gate.feedback}}"), stopped.runId());
            }
            assertThat(again.failure().orElseThrow()).isInstanceOf(BudgetExceededException.class);
            assertThat(same.callCount()).as("the same budget admits no call it refused before").isZero();
            assertThat(again.metrics().spentUsd()).isEqualByComparingTo(spent);
        }
        ScriptedLlmProvider raised = fast();
        WorkflowResult done;
        try (WorkflowEngine engine = engine(store)) {
            done = engine.resume(polished(raised, "Draft {{outline}} {{gate.feedback}}"), stopped.runId(),
                    ResumeOptions.builder().maxCostUsd(total.multiply(BigDecimal.TEN)).build(), WorkflowListener.NONE);
        }
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.callCount() + raised.callCount()).isEqualTo(reference.metrics().llmCalls());
        assertThat(done.metrics().spentUsd()).isEqualByComparingTo(total);
        assertThat(done.stateJson()).isEqualTo(reference.stateJson());
        assertThat(store.run(done.runId()).orElseThrow().usage().costUsd()).isEqualByComparingTo(total);
    }

    /** What a listener and the journal both know of an event (the journal keeps no start, token or progress). */
    private static Optional<String> journaledFact(WorkflowEvent e) {
        if (e instanceof WorkflowEvent.RunStarted s) return Optional.of("started " + s.at());
        if (e instanceof WorkflowEvent.RunResumed r) return Optional.of("resumed " + r.journaledEntries() + " " + r.at());
        if (e instanceof WorkflowEvent.StepCompleted c) return Optional.of("completed " + c.path() + " " + c.at());
        if (e instanceof WorkflowEvent.StepSkipped s) return Optional.of("skipped " + s.path() + " " + s.reason());
        if (e instanceof WorkflowEvent.BranchChosen b) return Optional.of("branch " + b.path() + " " + b.branch() + " "
                + b.reason() + " " + b.at());
        if (e instanceof WorkflowEvent.GateEvaluated g) return Optional.of("gate " + g.path() + " " + g.attempt() + " "
                + g.verdict() + " " + g.at());
        if (e instanceof WorkflowEvent.LlmCallCompleted c) return Optional.of("call " + c.path() + " " + c.usage() + " "
                + c.requestId() + " " + c.at());
        if (e instanceof WorkflowEvent.StepRetried r) return Optional.of("retry " + r.path() + " " + r.nextAttempt());
        if (e instanceof WorkflowEvent.RunCompleted c) return Optional.of("ended " + c.status() + " " + c.usage() + " "
                + c.at());
        return Optional.empty();
    }

    private static List<String> facts(List<WorkflowEvent> events) {
        List<String> out = new ArrayList<>();
        for (WorkflowEvent e : events) journaledFact(e).ifPresent(out::add);
        return out;
    }

    @Test
    void eventsReadBackFromTheJournal_areWhatTheListenersOfBothRunsSaw() {
        InMemoryRunStore store = new InMemoryRunStore();
        ScriptedLlmProvider failing = ScriptedLlmProvider.builder().whenStep("final")
                .failAlways(ProviderErrorKind.INVALID_REQUEST)
                .whenStep("outline").failTimes(1, ProviderErrorKind.SERVER_ERROR).answer(r -> "outline")
                .otherwise(r -> r.attribute(LlmRequest.STEP_PATH) + " #" + Integer.toHexString(r.lastUserText().hashCode()))
                .build();
        RecordingWorkflowListener firstListener = new RecordingWorkflowListener();
        String runId;
        try (WorkflowEngine engine = WorkflowEngine.builder().runStore(store)
                .retryPolicy(dev.devora.orchestration.engine.RetryPolicy.builder().initialDelay(Duration.ofMillis(1))
                        .build()).build()) {
            runId = engine.start(polished(failing, "Draft {{outline}} {{gate.feedback}}"), Map.of(), firstListener)
                    .result().join().runId();
        }
        RecordingWorkflowListener secondListener = new RecordingWorkflowListener();
        try (WorkflowEngine engine = engine(store)) {
            WorkflowResult r = engine.resume(polished(fast(), "Draft {{outline}} {{gate.feedback}}"), runId,
                    ResumeOptions.DEFAULT, secondListener);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        secondListener.assertWellFormed();
        List<String> seen = new ArrayList<>(facts(firstListener.events()));
        seen.addAll(facts(secondListener.events()));
        try (WorkflowEngine restarted = engine(store)) {
            assertThat(facts(restarted.events(runId))).containsExactlyElementsOf(seen);
        }
    }

    @Test
    void aRunReRunFromAChangedStep_resumedAgainWithTheSameDefinition_replaysTheReRunWithoutAskingAgain() {
        InMemoryRunStore store = new InMemoryRunStore();
        ScriptedLlmProvider failing = ScriptedLlmProvider.builder().whenStep("final")
                .failAlways(ProviderErrorKind.INVALID_REQUEST)
                .otherwise(r -> r.attribute(LlmRequest.STEP_PATH) + " #" + Integer.toHexString(r.lastUserText().hashCode()))
                .build();
        String runId;
        try (WorkflowEngine engine = engine(store)) {
            runId = engine.run(polished(failing, "Draft {{outline}} {{gate.feedback}}"), Map.of()).runId();
        }
        String changed = "Draft better {{outline}} {{gate.feedback}}";
        ScriptedLlmProvider stillFailing = ScriptedLlmProvider.builder().whenStep("final")
                .failAlways(ProviderErrorKind.INVALID_REQUEST)
                .otherwise(r -> r.attribute(LlmRequest.STEP_PATH) + " #" + Integer.toHexString(r.lastUserText().hashCode()))
                .build();
        try (WorkflowEngine engine = engine(store)) {
            WorkflowResult rerun = engine.resume(polished(stillFailing, changed), runId,
                    ResumeOptions.builder().rerunChangedSteps().build(), WorkflowListener.NONE);
            assertThat(rerun.status()).isEqualTo(RunStatus.FAILED);
        }
        assertThat(paths(stillFailing)).containsExactly("polish/draft", "polish/draft", "long/extra", "final");
        WorkflowResult reference;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            reference = engine.run(polished(fast(), changed), Map.of());
        }
        ScriptedLlmProvider again = fast();
        WorkflowResult resumed;
        try (WorkflowEngine engine = engine(store)) {
            resumed = engine.resume(polished(again, changed), runId);
        }
        assertThat(resumed.status()).as("%s", resumed.failure()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(paths(again)).as("only the step that failed").containsExactly("final");
        assertThat(field(resumed, "outputs")).isEqualTo(field(reference, "outputs"));
        assertThat(field(resumed, "gates")).isEqualTo(field(reference, "gates"));
    }
}
