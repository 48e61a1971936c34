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
