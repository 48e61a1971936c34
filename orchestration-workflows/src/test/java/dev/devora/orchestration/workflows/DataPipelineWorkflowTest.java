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

class DataPipelineWorkflowTest {
    static Map<String, Object> input(String mode) {
        return map("pipeline_name", "sales-analytics", "description", "Daily sales analytics for the finance team",
                "sources", List.of(map("name", "shop-db", "type", "postgres"), map("name", "stripe", "type", "api")),
                "destination", "BigQuery", "transformations", List.of("revenue net of refunds per day and country"),
                "mode", mode, "kpis", List.of("daily net revenue"));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file list answer: path, language, content triples. */
    static String files(String... pathLanguageContent) {
        StringBuilder sb = new StringBuilder("{\"files\": [");
        for (int i = 0; i < pathLanguageContent.length; i += 3) {
            if (i > 0) sb.append(", ");
            sb.append("{\"path\": \"").append(pathLanguageContent[i]).append("\", \"language\": \"").append(pathLanguageContent[i + 1])
                    .append("\", \"content\": \"")
                    .append(pathLanguageContent[i + 2].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\"}");
        }
        return sb.append("]}").toString();
    }

    static final String WAREHOUSE = "{\"schema\": \"-- grain: one row per order line\\nCREATE TABLE stg_orders (order_id STRING, amount NUMERIC);\\n"
            + "CREATE TABLE fct_revenue (day DATE, country STRING, net_revenue NUMERIC);\\n\", "
            + "\"models\": [{\"name\": \"fct_revenue\", \"type\": \"fact\", \"grain\": \"one row per day and country\", \"partitioning\": \"by day\"}], "
            + "\"retention\": \"raw data kept 400 days, then deleted\"}";
    static final String INGESTION = files(
            "dags/sales-analytics.py", "python", "from airflow import DAG\nwith DAG('sales-analytics') as dag:\n    pass\n",
            "pipeline/extract/shop_db.py", "python", "def extract(since):\n    return []\n",
            "pipeline/config/shop-db.yaml", "yaml", "source: shop-db\nwatermark: updated_at\n");
    static final String TRANSFORMATIONS = files(
            "transform/dbt_project.yml", "yaml", "name: sales_analytics\nversion: '1.0'\n",
            "transform/models/marts/fct_revenue.sql", "sql", "select day, country, sum(amount) as net_revenue\nfrom {{ ref('stg_orders') }}\ngroup by 1, 2\n");
    static final String INFRA = files("infra/terraform/main.tf", "hcl", "resource \"google_bigquery_dataset\" \"sales\" {\n  dataset_id = \"sales\"\n}\n");
    static final String QUALITY = "{\"checks\": [{\"name\": \"revenue fresh\", \"table\": \"fct_revenue\", \"rule\": \"freshness < 26 h\", "
            + "\"severity\": \"error\", \"action\": \"page the data on-call\"}], \"alerts\": [{\"name\": \"stale revenue\", "
            + "\"condition\": \"freshness > 26 h\", \"channel\": \"#data-alerts\", \"severity\": \"page\"}], "
            + "\"runbook\": \"## revenue fresh\\n\\nRe-run the DAG for the missing day.\\n\"}";

    static ScriptedLlmProvider scripted() {
        return Fixtures.approving(b -> b
                .whenStep("pipeline-design").reply("# Sales analytics pipeline\n\n## Overview\n\nDaily loads.\n")
                .whenStep("warehouse").reply(WAREHOUSE)
                .whenStep("batch-ingestion").reply(INGESTION)
                .whenStep("transformations").reply(TRANSFORMATIONS)
                .whenStep("pipeline-infrastructure").reply(INFRA)
                .whenStep("data-quality").reply(QUALITY));
    }

    @Test
    void architecture_implementation_deployment_eachWithParallelWork_batchIngestion() {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        WorkflowResult result = Fixtures.workflow("data-pipeline-setup", llm).run(InputSpec.toJson(input("batch")), events);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        events.assertWellFormed();
        assertThat(Fixtures.startedPaths(events, "agent")).containsExactlyInAnyOrder(
                "architecture/pipeline-design", "architecture/warehouse",
                "implementation/ingestion/batch-ingestion", "implementation/transformations", "implementation/dashboards",
                "deployment/pipeline-infrastructure", "deployment/data-quality");
        assertThat(Fixtures.startedSteps(events, "task")).contains("implementation-files");
        assertThat(result.deliverables().path("implementation").path("ingestion").isArray()).isTrue();
        assertThat(result.deliverables().path("deployment").path("data_quality").path("checks").isArray()).isTrue();
        assertThat(result.deliverables().path("architecture").path("warehouse_schema").isTextual()).isTrue();
    }

    @Test
    void theDeployment_getsThePathsOfTheFilesItDeploys_andTheDashboards_theDdlTheirQueriesRead() {
        ScriptedLlmProvider llm = scripted();
        Fixtures.workflow("data-pipeline-setup", llm).run(InputSpec.toJson(input("batch")));

        for (String step : List.of("pipeline-infrastructure", "data-quality")) {
            assertThat(llm.requestsForStep(step).get(0).lastUserText()).as(step)
                    .contains("- dags/sales-analytics.py (python, 3 lines)", "- pipeline/config/shop-db.yaml (yaml, 2 lines)",
                            "- transform/models/marts/fct_revenue.sql (sql, 3 lines)")
                    .doesNotContain("from airflow import DAG");
        }
        assertThat(llm.requestsForStep("data-quality").get(0).lastUserText()).contains("CREATE TABLE fct_revenue");
        assertThat(llm.requestsForStep("dashboards").get(0).lastUserText()).contains("CREATE TABLE fct_revenue", "-- grain: one row per order line");
        assertThat(llm.requestsForStep("transformations").get(0).lastUserText()).contains("CREATE TABLE stg_orders", "transform/dbt_project.yml");
    }

    @Test
    void theFilesWritten_formOneRepositoryTree_withSqlPythonAndYaml_andTheQualityResultsAsOneJson() throws Exception {
        ScriptedLlmProvider llm = scripted();
        PredefinedWorkflow w = Fixtures.workflow("data-pipeline-setup", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input("batch")));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        Map<String, String> files = w.deliverableFiles(result);

        assertThat(files.keySet()).contains("docs/PIPELINE.md", "warehouse/schema.sql", "warehouse/models.json", "warehouse/RETENTION.md",
                "dags/sales-analytics.py", "pipeline/extract/shop_db.py", "pipeline/config/shop-db.yaml", "transform/dbt_project.yml",
                "transform/models/marts/fct_revenue.sql", "infra/terraform/main.tf", "dashboards/dashboards.json",
                "quality/data-quality.json", "quality/RUNBOOK.md");
        assertThat(files.keySet()).noneMatch(p -> p.startsWith("implementation/") || p.startsWith("deployment/") || p.startsWith("architecture/"));
        assertThat(files.get("warehouse/schema.sql")).startsWith("-- grain").contains("CREATE TABLE fct_revenue");
        var quality = JSON.readTree(files.get("quality/data-quality.json"));
        assertThat(quality.path("checks").get(0).path("table").asText()).isEqualTo("fct_revenue");
        assertThat(quality.path("alerts").get(0).path("channel").asText()).isEqualTo("#data-alerts");
        assertThat(files.get("quality/RUNBOOK.md")).startsWith("## revenue fresh");
    }

    @Test
    void anOfflineRun_writesTheSameLayout() {
        assertThat(DeliverableLayoutTest.offlineFiles("data-pipeline-setup")).containsKeys("docs/PIPELINE.md", "warehouse/schema.sql",
                "warehouse/models.json", "dashboards/dashboards.json", "quality/data-quality.json", "quality/RUNBOOK.md",
                "dags/sales-analytics.py", "transform/dbt_project.yml");
    }

    @Test
    void theTextStep_setsItsOutputFormat() {
        assertThat(dev.devora.orchestration.workflows.internal.StepPrompts.of("data-pipeline-setup").get("pipeline-design"))
                .contains("\n\nOutput: a Markdown document, written as `docs/PIPELINE.md`");
    }

    @Test
    void streamingMode_takesTheStreamingIngestionBranch() {
        ScriptedLlmProvider llm = Fixtures.approving();
        RecordingWorkflowListener events = new RecordingWorkflowListener();
        Fixtures.workflow("data-pipeline-setup", llm).run(InputSpec.toJson(input("streaming")), events);
        assertThat(Fixtures.startedSteps(events, "agent")).contains("streaming-ingestion").doesNotContain("batch-ingestion");
    }

    @Test
    void sourcesWithoutNameOrType_areReported() {
        Map<String, Object> bad = input("nightly");
        bad.put("sources", List.of(map("name", "x")));
        assertThatThrownBy(() -> Fixtures.workflow("data-pipeline-setup", Fixtures.approving()).run(bad))
                .hasMessageContaining("input.mode: must be one of [batch, streaming, hybrid], was \"nightly\"")
                .hasMessageContaining("input.sources[0].type: is required");
    }

    @Test
    void aCutOffCodeAnswer_failsTheRun_namingTheStep() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("transformations")
                .cutOffAlways("{\"files\": [{\"path\": \"transform/models/marts/fct_revenue.sql\", \"language\": \"sql\", \"content\": \"select"));
        WorkflowResult result = Fixtures.workflow("data-pipeline-setup", llm).run(InputSpec.toJson(input("batch")));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        StepFailedException failure = (StepFailedException) result.failure().orElseThrow();
        assertThat(failure.getMessage()).contains("transformations");
        assertThat(failure.getCause()).isInstanceOf(OutputTruncatedException.class);
        assertThat(llm.requestsForStep("pipeline-infrastructure")).isEmpty();
    }

    @Test
    void aCutOffDesign_isContinued_andTheDocumentHoldsBothParts() {
        ScriptedLlmProvider llm = Fixtures.approving(b -> b.whenStep("pipeline-design")
                .cutOff("# Sales analytics pipeline\n\n## Overview\n\nDaily loads").reply(" at 02:00 UTC.\n"));
        PredefinedWorkflow w = Fixtures.workflow("data-pipeline-setup", llm);
        WorkflowResult result = w.run(InputSpec.toJson(input("batch")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.requestsForStep("pipeline-design")).hasSize(2);
        assertThat(w.deliverableFiles(result).get("docs/PIPELINE.md")).endsWith("Daily loads at 02:00 UTC.\n");
        assertThat(llm.requestsForStep("batch-ingestion").get(0).lastUserText()).contains("Daily loads at 02:00 UTC.");
    }

    @Test
    void absentOptionalInputs_leaveNoDanglingLine() {
        ScriptedLlmProvider llm = Fixtures.approving();
        Fixtures.workflow("data-pipeline-setup", llm).run(InputSpec.toJson(input("batch")));

        assertThat(llm.requestsForStep("pipeline-infrastructure").get(0).lastUserText())
                .doesNotContain("Compliance:", "Infrastructure:", "[ ]");
        assertThat(llm.requestsForStep("dashboards").get(0).lastUserText()).contains("KPIs to show: [ \"daily net revenue\" ]");
    }

    @Test
    void theReport_saysTheCodeWasWrittenNotRun() {
        PredefinedWorkflow w = Fixtures.workflow("data-pipeline-setup", Fixtures.approving());
        assertThat(w.reportMarkdown(w.run(InputSpec.toJson(input("batch"))), ReportContext.NONE))
                .contains("## Notes", "were written, not run");
    }
}
