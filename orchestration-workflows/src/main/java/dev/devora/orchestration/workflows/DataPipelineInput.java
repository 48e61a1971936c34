package dev.devora.orchestration.workflows;


import java.util.List;

/**
 * Input of Data Pipeline Setup (fields listed in docs/workflows.md).
 *
 * <pre>{@code
 * var input = new DataPipelineInput("sales", "Daily sales analytics",
 *         List.of(new DataPipelineInput.Source("shop-db", "postgres", null)), "BigQuery",
 *         List.of("net revenue per day"), "batch", "daily", "Airflow", List.of("daily revenue"), null, null, null);
 * }</pre>
 */
public record DataPipelineInput(String pipelineName, String description, List<Source> sources, String destination,
                                List<String> transformations, String mode, String schedule, String orchestrator,
                                List<String> kpis, List<String> dataQualityRequirements, List<String> infrastructure,
                                List<String> compliance) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "data-pipeline-setup";
    }

    /** A data source: name, type (postgres, api, s3, kafka…), description. */
    public record Source(String name, String type, String description) {
    }
}
