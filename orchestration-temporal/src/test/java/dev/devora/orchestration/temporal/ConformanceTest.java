package dev.devora.orchestration.temporal;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same definitions, with the same scripted answers, on the in-JVM engine and on Temporal's in-process test
 * environment: the same {@code stateJson()}, byte for byte.
 */
class ConformanceTest {
    static final String QUEUE = "devora-conformance";
    static final Map<String, Object> INPUT = Map.of("topic", "a token-bucket rate limiter");

    TestWorkflowEnvironment env;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    static LlmProvider scripted() {
        return ScriptedLlmProvider.builder().name("scripted")
                .whenAgent("router").reply("security")
                .build();
    }

    static LlmAgent agent(String name, LlmProvider provider) {
        return LlmAgent.builder(name).role("a " + name).instructions("Be concise.").provider(provider).build();
    }

    static Workflow sequence(LlmProvider p) {
        return Workflow.builder("s1-sequence")
                .step(Steps.agent("a1", agent("writer-1", p)).prompt("Write about {{input.topic}}."))
                .step(Steps.agent("a2", agent("writer-2", p)).prompt("Improve:\n{{a1}}"))
                .step(Steps.agent("a3", agent("writer-3", p)).prompt("Improve:\n{{a2}}"))
                .build();
    }

    static Workflow parallel(LlmProvider p) {
        Step[] reviewers = new Step[3];
        for (int i = 1; i <= 3; i++) {
            reviewers[i - 1] = Steps.agent("r" + i, agent("reviewer-" + i, p)).prompt("Review {{input.topic}} for concern " + i);
        }
        return Workflow.builder("s2-parallel").step(Steps.parallel("reviews", reviewers))
                .step(Steps.agent("summary", agent("aggregator", p)).prompt("Merge: {{r1}} / {{r2}} / {{r3}}")).build();
    }

    static Workflow loop(LlmProvider p) {
        return Workflow.builder("s3-loop")
                .step(Steps.loop("revise", Steps.sequence("round",
                                Steps.agent("write", agent("writer", p)).prompt("Write round {{loop.iteration}} on {{input.topic}}"),
                                Steps.agent("review", agent("reviewer", p)).prompt("Review:\n{{write}}")))
                        .until(Condition.of("three rounds", s -> s.loopIteration() >= 3)).maxIterations(5))
                .build();
    }

    static Workflow route(LlmProvider p) {
        return Workflow.builder("s4-route").step(Steps.route("triage", agent("router", p))
                .prompt("Which review does {{input.topic}} need?")
                .option("performance", "latency review", Steps.agent("perf", agent("perf-reviewer", p)).prompt("Perf of {{input.topic}}"))
                .option("security", "threat model", Steps.agent("sec", agent("sec-reviewer", p)).prompt("Security of {{input.topic}}"))
                ).build();
    }

    void sameStateOnBothEngines(Function<LlmProvider, Workflow> shape) {
        sameStateWithLimits(shape, scripted(), scripted(), dev.devora.orchestration.engine.RunOptions.NONE, null);
    }

    @Test
    void aSequence() {
        sameStateOnBothEngines(ConformanceTest::sequence);
    }

    @Test
    void parallelBranches() {
        sameStateOnBothEngines(ConformanceTest::parallel);
    }

    @Test
    void aLoop() {
        sameStateOnBothEngines(ConformanceTest::loop);
    }

    @Test
    void aRoute() {
        sameStateOnBothEngines(ConformanceTest::route);
    }

    /** The shape on both engines with these limits: the same state; {@code status} when given, else a final one. */
    void sameStateWithLimits(Function<LlmProvider, Workflow> shape, LlmProvider local, LlmProvider remote,
                             dev.devora.orchestration.engine.RunOptions options, String status) {
        WorkflowResult expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            expected = engine.run(shape.apply(local), INPUT, options);
        }
        if (status != null) assertThat(expected.status().name()).isEqualTo(status);
        else assertThat(expected.status().isFinal()).isTrue();
        Workflow definition = shape.apply(remote);
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(definition).provider(remote).build().registerOn(worker);
        env.start();
        TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition, INPUT, options);
        assertThat(run.stateJson()).isEqualTo(expected.stateJson());
    }

    @Test
    void aTokenBudget_stopsTheRunAtTheSameCall() {
        sameStateWithLimits(ConformanceTest::sequence, scripted(), scripted(),
                dev.devora.orchestration.engine.RunOptions.builder().maxTokens(60).build(), "FAILED");
    }

    @Test
    void aUsdBudget_checkedAgainstWhatTheActivitiesReport_stopsTheRunAtTheSameCall() {
        java.util.function.Supplier<LlmProvider> priced = () -> ScriptedLlmProvider.builder().name("scripted")
                .costPerToken(new java.math.BigDecimal("0.0001")).build();
        // a sequence: in one JVM, which of parallel branches gets the last of a budget is a race; on Temporal it is not
        sameStateWithLimits(ConformanceTest::sequence, priced.get(), priced.get(),
                dev.devora.orchestration.engine.RunOptions.builder().maxCostUsd("0.009").build(), "FAILED");
    }

    @Test
    void aRunIdGiven_isTheWorkflowId() {
        LlmProvider p = scripted();
        Workflow definition = sequence(p);
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(definition).provider(p).build().registerOn(worker);
        env.start();
        TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition,
                INPUT,
                dev.devora.orchestration.engine.RunOptions.builder().runId("review-42").build());
        assertThat(run.id()).isEqualTo("review-42");
        assertThat(run.stateJson()).contains("\"status\":\"SUCCEEDED\"");
        assertThat(run.events().get(0).runId()).isEqualTo("review-42");
    }

    @Test
    void parallelBranchesWaitingForBudget_waitInTheWorkflow_andTheRunReplays() throws Exception {
        java.util.function.Supplier<LlmProvider> priced = () -> ScriptedLlmProvider.builder().name("scripted")
                .costPerToken(new java.math.BigDecimal("0.0001")).build();
        LlmProvider p = priced.get();
        Workflow definition = parallel(p);
        Worker worker = env.newWorker(QUEUE);
        TemporalWorkers.builder().workflow(definition).provider(p).build().registerOn(worker);
        env.start();
        TemporalRuns.Run run = TemporalRuns.of(env.getWorkflowClient(), QUEUE).start(definition,
                INPUT,
                dev.devora.orchestration.engine.RunOptions.builder().maxCostUsd("0.005").build());
        com.fasterxml.jackson.databind.JsonNode state = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.stateJson()); // branches 2 and 3 wait for branch 1's call to settle, then one is refused
        assertThat(state.path("status").asText()).isEqualTo("FAILED");
        assertThat(state.at("/failure/type").asText()).isEqualTo("BudgetExceededException");
        assertThat(state.path("outputs").size()).isEqualTo(1);
        LlmProvider never = ReplayTest.unused();
        ReplayTest.replay(env.getWorkflowClient().fetchHistory(run.id()), parallel(never), never);
    }
}
