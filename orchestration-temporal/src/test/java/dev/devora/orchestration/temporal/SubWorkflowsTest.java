package dev.devora.orchestration.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devora.orchestration.approval.Decision;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sub-workflow step runs as a child workflow of its run's workflow, at the same place in the run: the same step
 * paths, journal keys and {@code stateJson()} as in one JVM, with its activities in the child's own history.
 */
class SubWorkflowsTest {
    static final String QUEUE = "devora-sub-workflows";

    /** Two parallel drafts and a merge, on a feature given as input. */
    static Workflow feature(LlmProvider p) {
        return Workflow.builder("build-feature")
                .input(InputSpec.builder().required("feature", "the feature").build())
                .step(Steps.parallel("drafts",
                        Steps.agent("api", ConformanceTest.agent("api-writer", p)).prompt("API of {{input.feature}}"),
                        Steps.agent("ui", ConformanceTest.agent("ui-writer", p)).prompt("UI of {{input.feature}}")))
                .step(Steps.agent("merge", ConformanceTest.agent("merger", p)).prompt("{{api}} + {{ui}}"))
                .deliverable("design", "merge")
                .build();
    }

    /** A plan, the feature sub-workflow in a loop of two rounds, and a release note on its deliverables. */
    static Workflow ship(LlmProvider p) {
        return Workflow.builder("ship-features")
                .step(Steps.agent("plan", ConformanceTest.agent("planner", p)).prompt("Plan {{input.topic}}"))
                .step(Steps.loop("rounds", Steps.workflow("build", feature(p))
                                .input("feature", "{{plan}}, round {{loop.iteration}}"))
                        .until(Condition.of("two rounds", s -> s.loopIteration() >= 2)).maxIterations(3))
                .step(Steps.agent("release", ConformanceTest.agent("releaser", p)).prompt("Release {{build.design}}"))
                .build();
    }

    /** Runs a definition on the in-JVM engine: its final state. */
    static String inJvm(Workflow definition, RunOptions options) {
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            WorkflowResult r = engine.run(definition, ConformanceTest.INPUT, options);
            assertThat(r.status().isFinal()).isTrue();
            return r.stateJson();
        }
    }

    /** Starts a definition on a fresh worker of the environment. */
    static TemporalRuns.Run start(TestWorkflowEnvironment env, Workflow definition, LlmProvider provider,
                                  RunOptions options) {
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(definition).provider(provider).build().registerOn(worker);
        env.start();
        return TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT, options);
    }

    /** The ids of the child workflows a history started. */
    static List<String> children(WorkflowExecutionHistory history) {
        return history.getEvents().stream().filter(HistoryEvent::hasStartChildWorkflowExecutionInitiatedEventAttributes)
                .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId()).toList();
    }

    /** How many activities a history scheduled. */
    static long activities(WorkflowExecutionHistory history) {
        return history.getEvents().stream().filter(HistoryEvent::hasActivityTaskScheduledEventAttributes).count();
    }

    @Test
    void aSubWorkflowInALoop_runsAsOneChildWorkflowPerIteration_withTheInJvmState() throws Exception {
        String expected = inJvm(ship(new LongRunsTest.Counting().provider), RunOptions.NONE);

        LongRunsTest.Counting counting = new LongRunsTest.Counting();
        WorkflowExecutionHistory history;
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            TemporalRuns.Run run = start(env, ship(counting.provider), counting.provider, RunOptions.NONE);
            assertThat(run.stateJson()).isEqualTo(expected);
            assertThat(counting.asked).as("plan, 2 × (api, ui, merge), release: each once").hasSize(8)
                    .doesNotHaveDuplicates();

            history = env.getWorkflowClient().fetchHistory(run.id());
            assertThat(children(history)).containsExactly(run.id() + "/rounds/build#1", run.id() + "/rounds/build#2");
            assertThat(activities(history)).as("the run's own model calls: plan and release").isEqualTo(2);
            WorkflowExecutionHistory child = env.getWorkflowClient().fetchHistory(run.id() + "/rounds/build#2");
            assertThat(activities(child)).as("api, ui and merge of the second round").isEqualTo(3);
            assertThat(run.events()).as("the children's steps are in the run's journal, under their paths")
                    .filteredOn(e -> e instanceof WorkflowEvent.StepCompleted c && c.path().equals("rounds/build/merge"))
                    .hasSize(2);
        }
        ReplayTest.replay(history, ship(ReplayTest.unused()), ReplayTest.unused()); // the children's results replay
    }

    @Test
    void aSubWorkflowInsideASubWorkflow_isAChildOfTheChild_withTheInJvmState() {
        java.util.function.Function<LlmProvider, Workflow> shape = p -> Workflow.builder("nested-twice")
                .step(Steps.workflow("outer", Workflow.builder("middle")
                        .step(Steps.agent("intro", ConformanceTest.agent("intro-writer", p)).prompt("Intro"))
                        .step(Steps.workflow("inner", feature(p)).input("feature", "{{intro}}"))
                        .build()))
                .step(Steps.agent("end", ConformanceTest.agent("closer", p)).prompt("{{outer.inner.design}}"))
                .build();
        String expected = inJvm(shape.apply(new LongRunsTest.Counting().provider), RunOptions.NONE);

        LongRunsTest.Counting counting = new LongRunsTest.Counting();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            TemporalRuns.Run run = start(env, shape.apply(counting.provider), counting.provider, RunOptions.NONE);
            assertThat(run.stateJson()).isEqualTo(expected);
            assertThat(counting.asked).as("intro, api, ui, merge, end").hasSize(5).doesNotHaveDuplicates();
            assertThat(children(env.getWorkflowClient().fetchHistory(run.id()))).containsExactly(run.id() + "/outer");
            assertThat(children(env.getWorkflowClient().fetchHistory(run.id() + "/outer")))
                    .containsExactly(run.id() + "/outer/inner");
        }
    }

    @Test
    void aBudgetCrossedInsideASubWorkflow_stopsTheRunAtTheSameCall() {
        // crossed at the merge of the first round, a step of its own: which of two parallel branches gets the last of
        // a budget is a race in one JVM
        RunOptions budget = RunOptions.builder().maxTokens(150).build();
        String expected = inJvm(ship(ConformanceTest.scripted()), budget);
        assertThat(expected).contains("\"status\":\"FAILED\"").contains("BudgetExceededException")
                .contains("next call of step 'rounds/build/merge'");

        LlmProvider llm = ConformanceTest.scripted();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            TemporalRuns.Run run = start(env, ship(llm), llm, budget);
            assertThat(run.stateJson()).isEqualTo(expected);
            assertThat(children(env.getWorkflowClient().fetchHistory(run.id()))).isNotEmpty();
        }
    }

    /** A sub-workflow whose second step is a task that fails. */
    static Workflow failing(LlmProvider p) {
        Workflow inner = Workflow.builder("checked-draft")
                .step(Steps.agent("draft", ConformanceTest.agent("writer", p)).prompt("Draft {{input.topic}}"))
                .step(Steps.task("check", "refuses every draft", ctx -> {
                    throw new IllegalStateException("the draft of " + ctx.input().path("topic").asText() + " is refused");
                }))
                .build();
        return Workflow.builder("failing-sub")
                .step(Steps.agent("intro", ConformanceTest.agent("intro-writer", p)).prompt("Intro {{input.topic}}"))
                .step(Steps.workflow("checked", inner).input("topic", "{{input.topic}}"))
                .step(Steps.agent("never", ConformanceTest.agent("never-writer", p)).prompt("{{checked}}"))
                .build();
    }

    @Test
    void aSubWorkflowThatFails_failsTheRunWithTheSameFailure_withoutRunningTheFailedStepAgain() {
        String expected = inJvm(failing(new LongRunsTest.Counting().provider), RunOptions.NONE);
        assertThat(expected).contains("StepFailedException").contains("is refused");

        LongRunsTest.Counting counting = new LongRunsTest.Counting();
        Workflow definition = failing(counting.provider);
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            TemporalRuns.Run run = start(env, definition, counting.provider, RunOptions.NONE);
            assertThat(run.stateJson()).isEqualTo(expected);
            assertThat(counting.asked).as("intro and the draft, once each").hasSize(2);
            WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(run.id());
            assertThat(children(history)).containsExactly(run.id() + "/checked");
            assertThat(activities(history)).as("no task activity in the run's own history").isEqualTo(1);
        }
    }

    /** A sub-workflow with a person's review of its draft. */
    static Workflow reviewedInside(LlmProvider p) {
        return Workflow.builder("outer-review")
                .step(Steps.agent("brief", ConformanceTest.agent("briefer", p)).prompt("Brief on {{input.topic}}"))
                .step(Steps.workflow("review", ApprovalsTest.reviewed(p)))
                .step(Steps.agent("publish", ConformanceTest.agent("publisher", p)).prompt("Publish {{review.polish}}"))
                .build();
    }

    @Test
    void anApprovalInsideASubWorkflow_isTheRunsPendingRequest_andItsDecisionGoesOnInAnotherChild() throws Exception {
        String expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            Workflow local = reviewedInside(new LongRunsTest.Counting().provider);
            WorkflowResult waiting = engine.run(local, ConformanceTest.INPUT);
            assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
            String requestId = engine.pending(waiting.runId()).get(0).requestId();
            assertThat(engine.recordDecision(waiting.runId(), requestId, Decision.edit("my own draft"))).isTrue();
            expected = engine.resume(local, waiting.runId()).stateJson();
        }

        LongRunsTest.Counting counting = new LongRunsTest.Counting();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            TemporalRuns.Run run = start(env, reviewedInside(counting.provider), counting.provider, RunOptions.NONE);
            Instant until = Instant.now().plusSeconds(30);
            while (run.status() != RunStatus.WAITING) {
                assertThat(Instant.now()).as("the run waits").isBefore(until);
                Thread.sleep(20);
            }
            JsonNode pending = run.pending();
            assertThat(pending).hasSize(1);
            assertThat(pending.get(0).path("step").asText()).isEqualTo("review/draft");
            run.decide(pending.get(0).path("request_id").asText(), Decision.edit("my own draft"));
            assertThat(run.stateJson()).isEqualTo(expected);
            assertThat(counting.asked).as("brief, the draft, polish, publish: each once").hasSize(4);
            List<String> children = children(env.getWorkflowClient().fetchHistory(run.id()));
            assertThat(children).hasSize(2).first().isEqualTo(run.id() + "/review");
            assertThat(children.get(1)).startsWith(run.id() + "/review@");
        }
    }

    /** FailFastTest's parallel step with its slow branch inside a sub-workflow. */
    static Workflow failFastAcrossAChild(LlmProvider p) {
        Workflow slow = Workflow.builder("slow-thinking")
                .input(InputSpec.builder().required("topic", "the topic").build())
                .step(Steps.agent("slow", ConformanceTest.agent("thinker", p)).prompt("Slowly: {{input.topic}}"))
                .build();
        return Workflow.builder("fail-fast-child")
                .step(Steps.parallel("both", Steps.workflow("thinking", slow).input("topic", "{{input.topic}}"),
                        Steps.agent("broken", ConformanceTest.agent("breaker", p)).prompt("Break: {{input.topic}}")))
                .step(Steps.agent("after", ConformanceTest.agent("closer", p)).prompt("{{thinking.slow}}"))
                .build();
    }

    @Test
    void aFailingSibling_cancelsTheChildWorkflow_andTheRunFailsAsInOneJvm() throws Exception {
        String expected = inJvm(failFastAcrossAChild(FailFastTest.model()), RunOptions.NONE);
        assertThat(expected).contains("\"status\":\"FAILED\"");

        LlmProvider llm = FailFastTest.model();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            TemporalRuns.Run run = start(env, failFastAcrossAChild(llm), llm, RunOptions.NONE);
            assertThat(run.stateJson()).as("the child's aborted call is accounted as in one JVM").isEqualTo(expected);
            WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(run.id());
            assertThat(history.getEvents()).anyMatch(HistoryEvent::hasRequestCancelExternalWorkflowExecutionInitiatedEventAttributes);
            WorkflowExecutionHistory child = env.getWorkflowClient().fetchHistory(run.id() + "/both/thinking");
            assertThat(child.getEvents()).as("the child cancelled its own model call, and sent what it did")
                    .anyMatch(HistoryEvent::hasActivityTaskCancelRequestedEventAttributes)
                    .noneMatch(HistoryEvent::hasActivityTaskCompletedEventAttributes)
                    .anyMatch(HistoryEvent::hasSignalExternalWorkflowExecutionInitiatedEventAttributes);
        }
    }

    @Test
    void aRunCancelledWhileAChildWorkflowRuns_endsCancelled_andSoDoesTheChild() throws Exception {
        ScriptedLlmProvider model = CancellationAndEventsTest.slowModel();
        Workflow slow = Workflow.builder("slow-part")
                .step(Steps.agent("slow", ConformanceTest.agent("thinker", model)).prompt("Slowly: think"))
                .build();
        Workflow definition = Workflow.builder("cancel-child")
                .step(Steps.agent("quick", ConformanceTest.agent("writer", model)).prompt("Quickly: {{input.topic}}"))
                .step(Steps.workflow("part", slow))
                .step(Steps.agent("after", ConformanceTest.agent("closer", model)).prompt("Close: {{part.slow}}"))
                .build();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            TemporalRuns.Run run = start(env, definition, model, RunOptions.NONE);
            CancellationAndEventsTest.await("the child's slow call is under way",
                    () -> !model.requestsForAgent("thinker").isEmpty());
            run.cancel();
            JsonNode state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.stateJson());
            assertThat(state.path("status").asText()).isEqualTo("CANCELLED");
            assertThat(state.path("outputs").has("quick")).isTrue();
            assertThat(state.path("outputs").has("part/slow")).isFalse();
            assertThat(model.requestsForAgent("closer")).isEmpty();
            assertThat(model.requestsForAgent("thinker")).as("not asked again by the run").hasSize(1);
            io.temporal.api.enums.v1.WorkflowExecutionStatus childStatus = env.getWorkflowClient()
                    .newUntypedWorkflowStub(run.id() + "/part").describe().getWorkflowExecutionInfo().getStatus();
            assertThat(childStatus).as("the child ended too")
                    .isNotEqualTo(io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        }
    }

    @Test
    void aLongSubWorkflow_continuesAsNewInItsChildWorkflow_andEndsAsInOneJvm() throws Exception {
        java.util.function.Function<LlmProvider, Workflow> shape = p -> Workflow.builder("long-inside")
                .step(Steps.agent("plan", ConformanceTest.agent("planner", p)).prompt("Plan {{input.topic}}"))
                .step(Steps.workflow("long", LongRunsTest.longLoop(p)).input("topic", "{{plan}}"))
                .build();
        String expected = inJvm(shape.apply(new LongRunsTest.Counting().provider), RunOptions.NONE);

        LongRunsTest.Counting counting = new LongRunsTest.Counting();
        Workflow definition = shape.apply(counting.provider);
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(QUEUE);
            TemporalWorkers.builder().workflow(definition).provider(counting.provider)
                    .continueAsNewAfter(LongRunsTest.CONTINUE_AS_NEW_AFTER).build().registerOn(worker);
            env.start();
            TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, ConformanceTest.INPUT);
            assertThat(run.stateJson()).isEqualTo(expected);
            assertThat(counting.asked).hasSize(1 + 3 * LongRunsTest.ROUNDS).doesNotHaveDuplicates();
            WorkflowExecutionHistory child = env.getWorkflowClient().fetchHistory(run.id() + "/long");
            assertThat(child.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId())
                    .as("the child's last execution continued an earlier one").isNotEmpty();
            assertThat(child.getEvents().size()).isLessThan(LongRunsTest.CONTINUE_AS_NEW_AFTER + 30);
        }
    }

    @Test
    void aRequestsTimeoutInsideASubWorkflow_isTheRunsTimer_andAnswersByDefault() throws Exception {
        LlmProvider llm = ConformanceTest.scripted();
        Workflow definition = Workflow.builder("timed-inside")
                .step(Steps.workflow("review", ApprovalsTest.timedReview(llm, dev.devora.orchestration.agent.WaitTimeout
                        .answer(java.time.Duration.ofDays(2), Decision.approve().toJson()))))
                .step(Steps.agent("ship", ConformanceTest.agent("shipper", llm)).prompt("Ship {{review.approve}}"))
                .build();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            TemporalRuns.Run run = start(env, definition, llm, RunOptions.NONE);
            JsonNode state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.stateJson()); // time skips
            assertThat(state.path("status").asText()).as("silence is consent").isEqualTo("SUCCEEDED");
            assertThat(state.at("/outputs/review~1approve").asText()).isEqualTo(state.at("/outputs/review~1draft").asText());
            assertThat(children(env.getWorkflowClient().fetchHistory(run.id()))).as("the part before the wait, and after")
                    .hasSize(2);
        }
    }

    static final String RECORDED_RUN = "sub-workflow-run";
    static final String RECORDED_CHILD = RECORDED_RUN + "/rounds/build#2";

    @Test
    void committedHistoriesOfARunAndItsChild_replayOnTheCurrentWorker() throws Exception {
        // recorded at the commit that made sub-workflows child workflows: a later interpreter change that replays them
        // differently must be guarded by Workflow.getVersion, or this fails
        Path run = Path.of("src", "test", "resources", "histories", "sub-workflow-run.json");
        Path child = Path.of("src", "test", "resources", "histories", "sub-workflow-child.json");
        if (Boolean.getBoolean("devora.recordHistories") && !Files.exists(run)) {
            LongRunsTest.Counting counting = new LongRunsTest.Counting();
            try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
                TemporalRuns.Run recorded = start(env, ship(counting.provider), counting.provider,
                        RunOptions.builder().runId(RECORDED_RUN).build());
                recorded.stateJson();
                Files.writeString(run, env.getWorkflowClient().fetchHistory(RECORDED_RUN).toJson(true));
                Files.writeString(child, env.getWorkflowClient().fetchHistory(RECORDED_CHILD).toJson(true));
            }
        }
        // a child's id is made from its run's: the histories replay under the ids they were recorded with
        ReplayTest.replay(WorkflowExecutionHistory.fromJson(Files.readString(run), RECORDED_RUN), ship(ReplayTest.unused()),
                ReplayTest.unused());
        ReplayTest.replay(WorkflowExecutionHistory.fromJson(Files.readString(child), RECORDED_CHILD),
                ship(ReplayTest.unused()), ReplayTest.unused());
    }

    @Test
    void aHistoryFromBeforeChildWorkflows_replaysWithTheSubWorkflowInline_guardedByGetVersion() throws Exception {
        // recorded by the interpreter of commit f4176d3, which ran a sub-workflow's steps in its run's own workflow
        Path recorded = Path.of("src", "test", "resources", "histories", "sub-workflow-inline.json");
        if (Boolean.getBoolean("devora.recordHistories") && !Files.exists(recorded)) {
            Files.writeString(recorded, ReplayTest.record(SubWorkflowsTest::ship).toJson(true));
        }
        WorkflowExecutionHistory old = WorkflowExecutionHistory.fromJson(Files.readString(recorded));
        LlmProvider never = ReplayTest.unused();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(ReplayTest.QUEUE);
            TemporalWorkers.builder().workflow(ship(never)).provider(never).build().registerOn(worker);
            WorkflowReplayer.replayWorkflowExecution(old, worker);
        }
    }
}
