package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.TARGETS_MET;
import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PerformanceWorkflowTest {
    /** Captures the warnings these runs log (loops at their bound, scripted answers without a referenced field). */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    static final String TOO_SLOW = "{\"projected\": {\"response_time_p95\": 450, \"throughput\": 3000, \"error_rate\": 0.05, "
            + "\"uptime\": 99.95}, \"method\": \"estimate\", \"infrastructure\": [], "
            + "\"estimated_improvement\": {\"response_time\": \"-50%\", \"throughput\": \"+0%\", \"cost_savings\": \"0%\"}}";

    static Map<String, Object> input() {
        return map("application_url", "https://app.example.test", "application_type", "api",
                "current_metrics", map("response_time_p95", 900.0, "throughput", 800, "error_rate", 1.2),
                "target_metrics", map("response_time_p95", 200.0, "throughput", 2000, "error_rate", 0.1, "uptime", 99.9),
                "constraints", List.of("No breaking changes"));
    }

    @Test
    void profileAndBaselineInParallel_thenOptimiseLoop_thatExitsAsSoonAsTargetsAreMet_thenMonitoring() {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("performance-optimization", llm).run(InputSpec.toJson(input()), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        List<String> paths = Fixtures.startedPaths(events, "agent");
        assertThat(paths.subList(0, 2)).containsExactlyInAnyOrder("profiling/profile", "profiling/baseline-load-test");
        assertThat(paths.subList(2, 4)).containsExactlyInAnyOrder(
                "tuning/tuning-round/optimize/code-optimization", "tuning/tuning-round/optimize/db-optimization");
        assertThat(paths.subList(4, paths.size())).containsExactly("tuning/tuning-round/target-check", "monitoring");
        assertThat(events.ofType(WorkflowEvent.LoopIteration.class)).hasSize(1);
        assertThat(result.gateHistory().get(0).verdict().score()).isEqualTo(100);
        assertThat(result.deliverables().path("load_testing").path("target").path("response_time_p95").asInt()).isEqualTo(180);
        assertThat(result.deliverables().path("estimated_improvement").path("response_time").asText()).isEqualTo("-80%");
        assertThat(result.deliverables().path("monitoring").path("alerts").isArray()).isTrue();
        assertThat(result.deliverables().path("analysis").path("bottlenecks").isArray()).isTrue();
    }

    @Test
    void missedTarget_feedsTheGapBackIntoTheNextRound_untilMet() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("target-check").reply(TOO_SLOW, TARGETS_MET));
        WorkflowResult result = Fixtures.workflow("performance-optimization", llm).run(InputSpec.toJson(input()));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("code-optimization")).hasSize(2);
        assertThat(llm.requestsForStep("code-optimization").get(1).lastUserText())
                .contains("response_time_p95: projected 450, target ≤ 200");
        assertThat(result.gateHistory()).extracting(g -> g.verdict().score()).containsExactly(75, 100);
    }

    @Test
    void targetsNeverMet_stopAtMaxIterations_andThePartialResultKeepsTheLastProjection() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("target-check").reply(TOO_SLOW));
        WorkflowResult result = Fixtures.workflow("performance-optimization", llm, WorkflowConfig.builder().maxIterations(2).build())
                .run(InputSpec.toJson(input()));

        assertThat(result.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(llm.requestsForStep("target-check")).hasSize(2);
        assertThat(llm.requestsForStep("monitoring")).hasSize(1);
        assertThat(result.deliverables().path("load_testing").path("target").path("response_time_p95").asInt()).isEqualTo(450);
    }

    @Test
    void metricsOutsideTheirDomain_areReported() {
        Map<String, Object> bad = input();
        bad.put("target_metrics", map("throughput", 2000, "uptime", 120, "latency", 3));
        bad.put("current_metrics", map("response_time_p95", "fast"));
        assertThatThrownBy(() -> Fixtures.workflow("performance-optimization", Fixtures.approving()).run(bad))
                .hasMessageContaining("input.target_metrics.uptime: must be ≤ 100 (a percentage), was 120")
                .hasMessageContaining("input.target_metrics.latency: is not a known metric")
                .hasMessageContaining("input.target_metrics.response_time_p95: is required")
                .hasMessageContaining("input.current_metrics.response_time_p95: must be a number, was \"fast\"");
    }
}
