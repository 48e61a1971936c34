package dev.devora.orchestration.engine;

import ch.qos.logback.classic.Level;
import dev.devora.orchestration.GateFailedException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.LoopStep;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LoopAndGateTest {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();
    private final WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();

    @AfterEach
    void close() {
        engine.close();
    }

    private static QualityGate scoring(int... scores) {
        AtomicInteger call = new AtomicInteger();
        return QualityGate.of("qa", in -> {
            int score = scores[Math.min(call.getAndIncrement(), scores.length - 1)];
            return GateVerdict.fail("qa", score, in.threshold(), "fix issue #" + call.get());
        });
    }

    private static Workflow revising(ScriptedLlmProvider llm, QualityGate gate, int max) {
        LlmAgent writer = LlmAgent.builder("writer").provider(llm).build();
        return Workflow.builder("revise")
                .step(Steps.agent("draft", writer).prompt("Write a draft"))
                .step(Steps.loop("revise", Steps.agent("rewrite", writer)
                                .prompt("Improve {{draft}}. Feedback: {{gate.feedback}}"))
                        .until(gate, 80).maxIterations(max))
                .build();
    }

    @Test
    void loop_stopsAtMaxIterations_withTheLastVerdict_andEndsPartial() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        WorkflowResult result = engine.run(revising(llm, scoring(40, 50, 60, 70), 3), Map.of());

        assertThat(llm.requestsForStep("rewrite")).hasSize(3);
        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(result.gateHistory()).extracting(g -> g.verdict().score()).containsExactly(40, 50, 60);
        assertThat(result.gateHistory().get(2).attempt()).isEqualTo(3);
        assertThat(result.warnings()).singleElement().satisfies(w -> {
            assertThat(w.path()).isEqualTo("revise");
            assertThat(w.message()).contains("bound of 3").contains("last score 60");
        });
        assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("loop stopped at its bound of 3");
    }

    @Test
    void failedGateFeedback_appearsInTheNextIterationsPrompt() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        engine.run(revising(llm, scoring(40, 90), 3), Map.of());

        List<String> prompts = llm.requestsForStep("rewrite").stream().map(r -> r.lastUserText()).toList();
        assertThat(prompts.get(0)).endsWith("Feedback: ");
        assertThat(prompts.get(1)).contains("Score 40/80 (not passed)").contains("fix issue #1");
    }

    @Test
    void gateThatPassesOnAttempt2_stopsTheLoopThere() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = engine.run(revising(llm, scoring(50, 85, 99), 5), null, RunOptions.NONE, events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("rewrite")).hasSize(2);
        assertThat(events.ofType(WorkflowEvent.GateEvaluated.class)).extracting(e -> e.verdict().passed())
                .containsExactly(false, true);
        events.assertWellFormed();
    }

    @Test
    void loopWithCondition_exitsWhenTheConditionHolds() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("tuner").reply("p95=400", "p95=250", "p95=180").build();
        Workflow wf = Workflow.builder("tune")
                .step(Steps.loop("tune", Steps.agent("measure", LlmAgent.builder("tuner").provider(llm).build())
                                .prompt("Optimise, round {{loop.iteration}}"))
                        .until(Condition.of("p95 ≤ 200 ms", s -> s.text("measure").equals("p95=180")))
                        .maxIterations(5))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.text("tune")).isEqualTo("p95=180");
        assertThat(llm.requestsForStep("measure")).extracting(r -> r.lastUserText())
                .containsExactly("Optimise, round 1", "Optimise, round 2", "Optimise, round 3");
    }

    @Test
    void loopOnExhaustedFail_failsTheRun() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        Workflow wf = Workflow.builder("strict")
                .step(Steps.loop("retry-loop", Steps.agent("w", LlmAgent.builder("w").provider(llm).build()).prompt("go"))
                        .until(Condition.of("never", s -> false)).maxIterations(2)
                        .onExhausted(LoopStep.OnExhausted.FAIL))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).isInstanceOf(StepFailedException.class).hasMessageContaining("never");
        assertThat(result.outputs()).containsKey("w");
    }

    @Test
    void gateStep_retriesTheSubjectWithFeedback_thenFails() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        Workflow wf = Workflow.builder("gated")
                .step(Steps.gate("release", Steps.agent("build", LlmAgent.builder("dev").provider(llm).build())
                                .prompt("Build it. {{gate.feedback}}"), scoring(10, 20, 30))
                        .threshold(75).onFailure(GatePolicy.retry(2).thenFail()))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).isInstanceOf(GateFailedException.class)
                .hasMessageContaining("scored 30 < 75").hasMessageContaining("after 3 attempts");
        assertThat(llm.requestsForStep("build")).hasSize(3);
        assertThat(result.gateHistory()).hasSize(3);
        assertThat(result.output("build")).isPresent();
    }

    @Test
    void gateStep_partialPolicy_continuesAndMarksTheRunPartial() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        LlmAgent dev = LlmAgent.builder("dev").provider(llm).build();
        Workflow wf = Workflow.builder("lenient")
                .step(Steps.gate("release", Steps.agent("build", dev).prompt("Build"), scoring(10))
                        .onFailure(GatePolicy.partial()))
                .step(Steps.agent("after", dev).prompt("Ship {{build}}"))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(result.outputs()).containsKey("after");
        assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("gate 'qa' scored 10 < 70");
    }

    @Test
    void ruleGate_scoresSectionsAndPatterns_andBlockersFailWhateverTheScore() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("pm").reply("# PRD\n## Problem\nx\n## Users\ny\nTODO: KPIs").build();
        QualityGate rules = QualityGates.rules("prd")
                .requireSections("Problem", "Users", "KPIs")
                .mustNotMatch("no TODO", Pattern.compile("TODO"))
                .blocker("names a metric", in -> in.text().contains("%"))
                .build();
        Workflow wf = Workflow.builder("prd")
                .step(Steps.gate("prd-gate", Steps.agent("prd", LlmAgent.builder("pm").provider(llm).build())
                        .prompt("Write a PRD"), rules).threshold(50).onFailure(GatePolicy.partial()))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        GateVerdict v = result.gateHistory().get(0).verdict();
        assertThat(v.score()).isEqualTo(40); // 2 of 5 checks pass
        assertThat(v.passed()).isFalse();
        assertThat(v.blockers()).containsExactly("names a metric: check failed");
        assertThat(v.checks()).extracting(c -> c.passed()).containsExactly(true, true, false, false, false);
    }

    @Test
    void llmJudge_parsesScoreChecksAndFeedback_andIsAccounted() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("review-judge").reply("```json\n{\"score\": 72, \"checks\": [{\"name\": \"tests\", \"score\": 50, "
                        + "\"comment\": \"no edge cases\"}], \"blockers\": [], \"recommendations\": [\"add tests\"], "
                        + "\"feedback\": \"Add edge-case tests.\"}\n```")
                .build();
        QualityGate judge = QualityGates.llmJudge("review", llm, "Are there tests?").build();
        Workflow wf = Workflow.builder("judged")
                .step(Steps.gate("g", Steps.agent("code", LlmAgent.builder("dev").provider(llm).build()).prompt("Code"),
                        judge).threshold(70).onFailure(GatePolicy.fail()))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        GateVerdict v = result.gateHistory().get(0).verdict();
        assertThat(v.score()).isEqualTo(72);
        assertThat(v.passed()).isTrue();
        assertThat(v.checks()).singleElement().satisfies(c -> assertThat(c.detail()).isEqualTo("no edge cases"));
        assertThat(v.feedback()).isEqualTo("Add edge-case tests.");
        assertThat(result.metrics().llmCalls()).isEqualTo(2);
        assertThat(result.metrics().steps().get("g").llmCalls()).isEqualTo(1);
    }

    @Test
    void compositeGates_allOfTakesTheMinimum_weightedTheAverage() {
        QualityGate a = QualityGate.of("a", in -> GateVerdict.pass("a", 90, in.threshold()));
        QualityGate b = QualityGate.of("b", in -> GateVerdict.pass("b", 60, in.threshold()));
        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        LlmAgent dev = LlmAgent.builder("dev").provider(llm).build();
        Workflow wf = Workflow.builder("composite")
                .step(Steps.gate("all", Steps.agent("x", dev).prompt("x"), QualityGates.allOf("both", a, b))
                        .threshold(50).onFailure(GatePolicy.partial()))
                .step(Steps.gate("avg", Steps.agent("y", dev).prompt("y"),
                        QualityGates.weighted("blend", new java.util.LinkedHashMap<>(Map.of(a, 3)) {{ put(b, 1); }}))
                        .threshold(50).onFailure(GatePolicy.partial()))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(result.gateHistory()).extracting(g -> g.verdict().score()).containsExactly(60, 83);
    }

    @Test
    void aLoopBody_readsItsOwnPreviousIteration_emptyOnTheFirst_withoutWarnings() {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder()
                .whenAgent("writer").reply("draft one", "draft two", "draft three")
                .whenAgent("critic").reply("too short", "needs examples", "fine")
                .build();
        Workflow wf = Workflow.builder("carry")
                .step(Steps.loop("refine", Steps.sequence("round",
                                Steps.agent("write", LlmAgent.builder("writer").provider(llm).build())
                                        .prompt("Previous: [{{write}}] Critique: [{{critique}}]"),
                                Steps.agent("critique", LlmAgent.builder("critic").provider(llm).build())
                                        .prompt("Critique {{write}}")))
                        .until(Condition.outputContains("critique", "fine")).maxIterations(4))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(llm.requestsForStep("write")).extracting(r -> r.lastUserText()).containsExactly(
                "Previous: [] Critique: []",
                "Previous: [draft one] Critique: [too short]",
                "Previous: [draft two] Critique: [needs examples]");
        assertThat(result.warnings()).isEmpty();
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    }
}
