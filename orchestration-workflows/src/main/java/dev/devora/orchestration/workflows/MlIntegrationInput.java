package dev.devora.orchestration.workflows;


import java.util.List;
import java.util.Map;

/**
 * Input of ML Model Integration (fields listed in docs/workflows.md).
 *
 * <pre>{@code
 * var input = new MlIntegrationInput("churn-v3", "churn classifier", "scikit-learn 1.5", Map.of("auc", 0.91),
 *         Map.of("auc", 0.85), "s3://models/churn-v3.joblib", "realtime", 100, 50, "kubernetes", List.of("FastAPI"));
 * }</pre>
 *
 * @param modelName          name of the model (JSON {@code model_name}, required)
 * @param modelDescription   task, inputs and outputs of the model, e.g. churn classifier on account features (JSON
 *     {@code model_description}, required)
 * @param framework          e.g. PyTorch 2.3, scikit-learn 1.5, TensorFlow 2.16 (JSON {@code framework}, required)
 * @param metrics            offline evaluation metrics, e.g. {"auc": 0.91, "recall": 0.78} (JSON {@code metrics},
 *     required)
 * @param acceptanceCriteria minimum value per metric, e.g. {"auc": 0.85} (JSON {@code acceptance_criteria}, optional;
 *     null leaves it out)
 * @param modelArtifact      where the trained model is (JSON {@code model_artifact}, optional; null gives {@code not
 *     specified})
 * @param serving            realtime, batch or streaming (JSON {@code serving}, optional; one of realtime, batch,
 *     streaming; null gives {@code realtime})
 * @param latencyBudgetMs    p95 inference latency budget (JSON {@code latency_budget_ms}, optional; null gives
 *     {@code 200})
 * @param expectedQps        expected requests per second (JSON {@code expected_qps}, optional; null gives {@code 10})
 * @param deploymentTarget   e.g. kubernetes, sagemaker, vertex ai (JSON {@code deployment_target}, optional; null gives
 *     {@code kubernetes})
 * @param backendStack       stack of the service exposing the model (JSON {@code backend_stack}, optional; null leaves it out)
 */
public record MlIntegrationInput(String modelName, String modelDescription, String framework, Map<String, Double> metrics,
                                 Map<String, Double> acceptanceCriteria, String modelArtifact, String serving,
                                 Integer latencyBudgetMs, Integer expectedQps, String deploymentTarget,
                                 List<String> backendStack) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "ml-model-integration";
    }

}
