package dev.devora.orchestration.workflows;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlIntegrationWorkflowTest {
    static Map<String, Object> input(double auc) {
        return map("model_name", "churn-v3", "model_description", "churn classifier on account activity",
                "framework", "scikit-learn 1.5", "metrics", map("auc", auc, "recall", 0.7),
                "acceptance_criteria", map("auc", 0.85));
    }

    @Test
    void go_preparesInParallel_thenIntegratesAndDeploysWithMonitoringInParallel() {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("ml-model-integration", llm).run(InputSpec.toJson(input(0.91)), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedPaths(events, "agent")).containsExactlyInAnyOrder(
                "preparation/model-packaging", "preparation/model-validation",
                "go-no-go/integration/inference-api", "go-no-go/integration/inference-endpoints",
                "go-no-go/integration/deployment/model-deployment", "go-no-go/integration/deployment/ml-monitoring");
        assertThat(result.deliverables().path("api").path("openapi").isObject()).isTrue();
        assertThat(result.deliverables().path("decision").has("no_go_report")).isFalse();
    }

    @Test
    void metricsBelowTheAcceptanceCriteria_leadToANoGoReport_whateverTheModelSays() {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("ml-model-integration", llm).run(InputSpec.toJson(input(0.80)), events);

        assertThat(Fixtures.startedSteps(events, "agent")).contains("no-go-report").doesNotContain("inference-api");
        assertThat(result.deliverables().path("decision").path("no_go_report").isTextual()).isTrue();
        assertThat(result.deliverables().has("api")).isFalse();
    }

    @Test
    void dataScientistsNoGo_alsoStopsTheIntegration() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("model-validation")
                .reply("{\"metrics\": [], \"go\": false, \"risks\": [\"leakage\"], \"online_test\": \"\"}"));
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        Fixtures.workflow("ml-model-integration", llm).run(InputSpec.toJson(input(0.95)), events);
        assertThat(Fixtures.startedSteps(events, "agent")).contains("no-go-report");
    }

    @Test
    void acceptanceCriteriaWithoutAReportedMetric_areReported() {
        Map<String, Object> bad = input(0.9);
        bad.put("acceptance_criteria", map("f1", 0.8));
        bad.put("serving", "edge");
        assertThatThrownBy(() -> Fixtures.workflow("ml-model-integration", Fixtures.approving()).run(bad))
                .hasMessageContaining("input.acceptance_criteria.f1: has no reported value in input.metrics (metrics: [auc, recall])")
                .hasMessageContaining("input.serving: must be one of [realtime, batch, streaming], was \"edge\"");
    }
}
