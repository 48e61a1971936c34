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
 *
 * @param pipelineName            name of the pipeline (JSON {@code pipeline_name}, required)
 * @param description             what the data is for (JSON {@code description}, required)
 * @param sources                 [{name, type (postgres, mysql, api, s3, kafka, files, saas…), description?}] (JSON
 *     {@code sources}, required)
 * @param destination             target store, e.g. BigQuery, Snowflake, PostgreSQL (JSON {@code destination},
 *     required)
 * @param transformations         business rules to apply, one string per item (JSON {@code transformations}, required)
 * @param mode                    batch, streaming or hybrid (JSON {@code mode}, optional; one of batch, streaming,
 *     hybrid; null gives {@code batch})
 * @param schedule                batch schedule (JSON {@code schedule}, optional; null gives {@code daily})
 * @param orchestrator            e.g. Airflow, Dagster, dbt Cloud (JSON {@code orchestrator}, optional; null gives
 *     {@code Airflow})
 * @param kpis                    KPIs the dashboards must show (JSON {@code kpis}, optional; null leaves it out)
 * @param dataQualityRequirements e.g. freshness &lt; 1 h (JSON {@code data_quality_requirements}, optional; null leaves it out)
 * @param infrastructure          e.g. GCP, Terraform (JSON {@code infrastructure}, optional; null leaves it out)
 * @param compliance              e.g. GDPR (JSON {@code compliance}, optional; null leaves it out)
 */
public record DataPipelineInput(String pipelineName, String description, List<Source> sources, String destination,
                                List<String> transformations, String mode, String schedule, String orchestrator,
                                List<String> kpis, List<String> dataQualityRequirements, List<String> infrastructure,
                                List<String> compliance) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "data-pipeline-setup";
    }

    /**
     * A data source: name, type (postgres, api, s3, kafka…), description.
     *
     * @param name        the source's name
     * @param type        its kind, e.g. postgres, api, s3, kafka
     * @param description what it holds; may be null
     */
    public record Source(String name, String type, String description) {
    }
}
