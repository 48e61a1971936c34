package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.engine.RetryPolicy;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.internal.DefaultExecutors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs each benchmark shape once at zero latency and checks it does what the benchmarks claim it does. */
@org.junit.jupiter.api.Timeout(60)
class ShapesTest {
    private final CountingListener listener = new CountingListener();
    private final StubProvider stub = StubProvider.instant();
    private WorkflowEngine engine;

    @BeforeEach
    void setUp() {
        engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).listener(listener).build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private WorkflowResult runOk(dev.devora.orchestration.workflow.Workflow workflow, int calls) {
        WorkflowResult r = engine.run(workflow, Shapes.INPUT);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.metrics().llmCalls()).isEqualTo(calls);
        assertThat(r.metrics().usage().totalTokens()).isEqualTo(160L * calls);
        assertThat(listener.count()).isGreaterThan(2L * calls);
        return r;
    }

    @Test
    void s1RunsTenAgentsInSequenceEachSeeingThePreviousOutput() {
        WorkflowResult r = runOk(Shapes.s1(stub), Shapes.S1_CALLS);
        assertThat(r.outputs()).containsOnlyKeys("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10");
        assertThat(r.metrics().calls()).hasSize(10);
    }

    @Test
    void s2RunsEightReviewersThenTheAggregator() {
        WorkflowResult r = runOk(Shapes.s2(stub), Shapes.S2_CALLS);
        assertThat(r.outputs()).containsKeys("r1", "r8", "reviews", "summary");
    }

    @Test
    void s3LoopsThreeTimes() {
        WorkflowResult r = runOk(Shapes.s3(stub), Shapes.S3_CALLS);
        assertThat(r.metrics().steps().get("revise/round/write").executions()).isEqualTo(3);
    }

    @Test
    void s4RoutesToTheSecurityOption() {
        WorkflowResult r = runOk(Shapes.s4(Shapes.router(Duration.ZERO), stub), Shapes.S4_CALLS);
        assertThat(r.outputs()).containsKey("sec").doesNotContainKeys("perf", "api");
    }

    @Test
    void s2CallerRunsEngineAndPlainBaselineAgree() throws Exception {
        try (WorkflowEngine direct = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).executor(Runnable::run)
                .build()) {
            assertThat(direct.run(Shapes.s2(stub), Shapes.INPUT).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        ExecutorService executor = DefaultExecutors.branchExecutor(8);
        try {
            StubProvider counted = StubProvider.instant();
            List<CompletableFuture<String>> runs = new java.util.ArrayList<>();
            PlainS2 plain = new PlainS2(counted, executor);
            for (int i = 0; i < 20; i++) runs.add(plain.start());
            for (CompletableFuture<String> run : runs) assertThat(run.get()).isEqualTo(StubProvider.DEFAULT_TEXT);
            assertThat(counted.calls()).isEqualTo(20L * Shapes.S2_CALLS);
        } finally {
            executor.shutdown();
        }
    }
}
