package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.OutputTruncatedException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.RecordingWorkflowListener;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String PACKAGING = "{\"packaging\": \"## Format\\n\\nONNX, versioned in the registry.\\n\", "
            + "\"serving\": \"## Runtime\\n\\nONNX Runtime, 2 workers.\\n\", \"code\": "
            + DataPipelineWorkflowTest.files("model/serving/predict.py", "python", "def predict(features):\n    return 0.5\n",
                    "model/requirements.txt", "text", "onnxruntime==1.18\n").replace("{\"files\": ", "").replaceAll("}$", "") + "}";
    static final String OPENAPI = "{\"openapi\": {\"openapi\": \"3.1.0\", \"info\": {\"title\": \"churn\", \"version\": \"1\"}, \"paths\": {"
            + "\"/v1/predict\": {\"post\": {\"summary\": \"score one account\"}}, \"/v1/health/ready\": {\"get\": {\"summary\": \"readiness\"}}}}}";
    static final String SERVICE = DataPipelineWorkflowTest.files(
            "service/app/main.py", "python", "from model.serving.predict import predict\n",
            "service/Dockerfile", "dockerfile", "FROM python:3.12-slim\nCOPY . /app\n");
    static final String DEPLOY = DataPipelineWorkflowTest.files(
            "deploy/chart/Chart.yaml", "yaml", "apiVersion: v2\nname: churn\n",
            "deploy/chart/templates/deployment.yaml", "yaml", "kind: Deployment\nmetadata:\n  name: churn\n");

    static ScriptedLlmProvider scripted() {
        return Fixtures.approving(b -> b
                .whenStep("model-packaging").reply(PACKAGING)
                .whenStep("inference-api").reply(OPENAPI)
                .whenStep("inference-endpoints").reply(SERVICE)
                .whenStep("model-deployment").reply(DEPLOY));
    }

    @Test
    void theValidationGate_statesItsChecksAndThresholds_inTheDataScientistsPrompt() {
        ScriptedLlmProvider llm = Fixtures.approving();
        Fixtures.workflow("ml-model-integration", llm).run(InputSpec.toJson(input(0.91)));

        assertThat(llm.requestsForStep("model-validation").get(0).lastUserText())
                .containsPattern("Acceptance criteria \\(minimum per metric\\): \\{\\s*\"auc\" : 0.85\\s*}")
                .contains("This is the go/no-go gate")
                .contains("must be at or above it (higher is better)")
                .contains("lower is better (RMSE, log loss, latency) cannot be expressed as a minimum");
    }

    @Test
    void theDeployment_getsThePathsOfTheServiceFiles_andItsOperations_notTheirContent() {
        ScriptedLlmProvider llm = scripted();
        Fixtures.workflow("ml-model-integration", llm).run(InputSpec.toJson(input(0.91)));

        assertThat(llm.requestsForStep("model-deployment").get(0).lastUserText())
                .contains("- model/serving/predict.py (python, 2 lines)", "- service/Dockerfile (dockerfile, 2 lines)",
                        "- POST /v1/predict: score one account", "- GET /v1/health/ready: readiness")
                .doesNotContain("FROM python:3.12-slim");
        assertThat(llm.requestsForStep("inference-endpoints").get(0).lastUserText()).contains("def predict(features)", "/v1/predict");
        assertThat(llm.requestsForStep("ml-monitoring").get(0).lastUserText()).contains("\"threshold\" : 0.85");
    }

    @Test
    void theFilesWritten_formOneRepositoryTree_andTheValidationIsOneJson() throws Exception {
        ScriptedLlmProvider llm = scripted();
        PredefinedWorkflow w = Fixtures.workflow("ml-model-integration", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(0.91)));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        Map<String, String> files = w.deliverableFiles(result);

        assertThat(files.keySet()).containsExactlyInAnyOrder("model/PACKAGING.md", "model/SERVING.md", "model/serving/predict.py",
                "model/requirements.txt", "model/validation.json", "api/openapi.json", "service/app/main.py", "service/Dockerfile",
                "deploy/chart/Chart.yaml", "deploy/chart/templates/deployment.yaml", "monitoring/ml-monitoring.json");
        assertThat(JSON.readTree(files.get("model/validation.json")).path("go").asBoolean()).isTrue();
        assertThat(JSON.readTree(files.get("api/openapi.json")).path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void aNoGo_writesItsReportAsNoGoMd_andNothingToDeploy() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("no-go-report").reply("## Decision\n\nNo go: AUC 0.80 < 0.85.\n"));
        PredefinedWorkflow w = Fixtures.workflow("ml-model-integration", llm);
        Map<String, String> files = w.deliverableFiles(w.run(InputSpec.toJson(input(0.80))));

        assertThat(files.get("NO-GO.md")).startsWith("## Decision");
        assertThat(files.keySet()).noneMatch(p -> p.startsWith("deploy/") || p.startsWith("service/") || p.startsWith("api/"));
        assertThat(dev.devora.orchestration.workflows.internal.StepPrompts.of("ml-model-integration").get("no-go-report"))
                .contains("\n\nOutput: Markdown, written as `NO-GO.md`");
    }

    @Test
    void anOfflineRun_writesTheSameLayout() {
        Map<String, String> files = DeliverableLayoutTest.offlineFiles("ml-model-integration");
        assertThat(files.keySet()).as("no deliverable file at the repository root").allMatch(p -> p.contains("/"));
        assertThat(files).containsKeys("model/PACKAGING.md", "model/SERVING.md",
                "model/validation.json", "api/openapi.json", "monitoring/ml-monitoring.json", "service/Dockerfile", "deploy/chart/Chart.yaml");
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

    @Test
    void aCutOffServiceAnswer_failsTheRun_namingTheStep() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("inference-endpoints")
                .cutOffAlways("{\"files\": [{\"path\": \"service/app/main.py\", \"language\": \"python\", \"content\": \"from fastapi"));
        WorkflowResult result = Fixtures.workflow("ml-model-integration", llm).run(InputSpec.toJson(input(0.91)));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        StepFailedException failure = (StepFailedException) result.failure().orElseThrow();
        assertThat(failure.getMessage()).contains("inference-endpoints");
        assertThat(failure.getCause()).isInstanceOf(OutputTruncatedException.class);
        assertThat(llm.requestsForStep("model-deployment")).isEmpty();
    }

    @Test
    void aCutOffNoGoReport_isContinued_andNoGoMdHoldsBothParts() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("no-go-report")
                .cutOff("## Decision\n\nNo go: AUC 0.80").reply(" is below 0.85.\n"));
        PredefinedWorkflow w = Fixtures.workflow("ml-model-integration", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input(0.80)));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("no-go-report")).hasSize(2);
        assertThat(w.deliverableFiles(result).get("NO-GO.md")).isEqualTo("## Decision\n\nNo go: AUC 0.80 is below 0.85.\n");
    }

    @Test
    void withoutAStack_theEndpointsPromptHasNoStackLine() {
        ScriptedLlmProvider llm = Fixtures.approving();
        Fixtures.workflow("ml-model-integration", llm).run(InputSpec.toJson(input(0.91)));

        assertThat(llm.requestsForStep("inference-endpoints").get(0).lastUserText()).doesNotContain("Stack:")
                .startsWith("Latency budget 200 ms p95");
    }
}
