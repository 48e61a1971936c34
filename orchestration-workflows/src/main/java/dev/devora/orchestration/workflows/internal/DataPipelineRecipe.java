package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.roles.Roles;
import dev.devora.orchestration.workflows.roles.SquadId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.internal.Schema.array;
import static dev.devora.orchestration.workflows.internal.Schema.object;
import static dev.devora.orchestration.workflows.internal.Schema.oneOf;
import static dev.devora.orchestration.workflows.internal.Schema.prop;
import static dev.devora.orchestration.workflows.internal.Schema.string;
import static dev.devora.orchestration.workflows.internal.Schema.strings;

/**
 * Workflow 6, Data Pipeline Setup: architecture (pipeline design and warehouse model in parallel) →
 * implementation (ingestion — batch or streaming depending on {@code mode} — transformations and dashboards in
 * parallel, one repository tree) → the list of the implementation's files ({@link ArtefactOutline}) → deployment
 * (infrastructure and data-quality monitoring in parallel, both reading that list).
 *
 * <pre>{@code
 * Workflow w = DataPipelineRecipe.INSTANCE.build(kit, DataPipelineRecipe.INSTANCE.input());
 * }</pre>
 */
public final class DataPipelineRecipe implements Recipe {
    public static final DataPipelineRecipe INSTANCE = new DataPipelineRecipe();
    /** The task step listing the implementation's files for the deployment. */
    static final String OUTLINE = "implementation-files";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final InputSpec INPUT = InputSpec.builder()
            .required("pipeline_name", "name of the pipeline")
            .required("description", "what the data is for")
            .required("sources", FieldType.LIST, "[{name, type (postgres, mysql, api, s3, kafka, files, saas…), description?}]")
            .required("destination", "target store, e.g. BigQuery, Snowflake, PostgreSQL")
            .required("transformations", FieldType.LIST, "business rules to apply, one string per item")
            .field(InputField.optional("mode", FieldType.STRING, "batch, streaming or hybrid").allowing("batch", "streaming", "hybrid")
                    .withDefault(NODES.textNode("batch")))
            .field(InputField.optional("schedule", FieldType.STRING, "batch schedule").withDefault(NODES.textNode("daily")))
            .field(InputField.optional("orchestrator", FieldType.STRING, "e.g. Airflow, Dagster, dbt Cloud").withDefault(NODES.textNode("Airflow")))
            .field(InputField.optional("kpis", FieldType.LIST, "KPIs the dashboards must show"))
            .field(InputField.optional("data_quality_requirements", FieldType.LIST, "e.g. freshness < 1 h"))
            .field(InputField.optional("infrastructure", FieldType.LIST, "e.g. GCP, Terraform"))
            .field(InputField.optional("compliance", FieldType.LIST, "e.g. GDPR"))
            .build();

    /** Holds when the pipeline must stream. */
    public static final Condition STREAMING = Condition.of("input.mode is streaming or hybrid",
            s -> s.inputText("mode").equalsIgnoreCase("streaming") || s.inputText("mode").equalsIgnoreCase("hybrid"));

    private static final JsonNode WAREHOUSE = object(
            prop("schema", string("complete SQL DDL of the warehouse")),
            prop("models", array(object(prop("name", string("table")), prop("type", oneOf("kind", "fact", "dimension", "staging", "mart")),
                    prop("grain", string("one row per …")), prop("partitioning", string("partitioning and clustering"))))),
            prop("retention", string("retention and deletion rules")));
    private static final JsonNode DASHBOARDS = object(prop("dashboards", array(object(
            prop("name", string("dashboard")), prop("audience", string("who uses it")),
            prop("panels", array(object(prop("title", string("panel")), prop("kpi", string("KPI")),
                    prop("chart", string("chart type")), prop("query", string("SQL")))))))));
    private static final JsonNode QUALITY = object(
            prop("checks", array(object(prop("name", string("check")), prop("table", string("table")),
                    prop("rule", string("not null, unique, freshness, volume…")), prop("severity", oneOf("severity", "error", "warn")),
                    prop("action", string("what happens on failure"))))),
            prop("alerts", array(object(prop("name", string("alert")), prop("condition", string("what fires it, with its threshold")),
                    prop("channel", string("where it goes: pager, chat channel, e-mail")), prop("severity", string("page or ticket"))))),
            prop("runbook", string("Markdown: what to do when a check fails, one section per check")));

    private DataPipelineRecipe() {
    }

    @Override public String id() { return "data-pipeline-setup"; }
    @Override public String name() { return "Data Pipeline Setup"; }
    @Override public String description() { return "Design, implement and deploy a complete ETL/ELT pipeline with its warehouse and dashboards"; }
    @Override public List<SquadId> squads() { return List.of(SquadId.DATA, SquadId.DEVOPS); }
    @Override public InputSpec input() { return INPUT; }

    @Override
    public List<ValidationProblem> checkNested(JsonNode input) {
        InputChecks c = new InputChecks(input).objectItems("sources", "name", "type").nonBlankStrings("transformations", true)
                .nonBlankStrings("kpis", false).nonBlankStrings("data_quality_requirements", false)
                .nonBlankStrings("infrastructure", false).nonBlankStrings("compliance", false);
        if (input.path("sources").isArray() && input.path("sources").isEmpty()) c.problem("input.sources", "must have at least one source");
        return c.problems();
    }

    @Override
    public Workflow build(AgentKit kit, InputSpec spec) {
        StepPrompts prompts = StepPrompts.of(id());
        var architecture = Steps.parallel("architecture",
                Steps.agent("pipeline-design", kit.text(Roles.DATA_ENGINEER)).squad("data")
                        .prompt(prompts.get("pipeline-design")),
                Steps.agent("warehouse", kit.json(Roles.DATABASE_ARCHITECT, "warehouse_model", WAREHOUSE)).squad("data")
                        .prompt(prompts.get("warehouse")));
        var implementation = Steps.parallel("implementation",
                Steps.when("ingestion", STREAMING,
                                Steps.agent("streaming-ingestion", kit.json(Roles.DATA_ENGINEER, "ingestion_code", OutputSchemas.FILES))
                                        .squad("data").prompt(prompts.get("streaming-ingestion")))
                        .otherwise(Steps.agent("batch-ingestion", kit.json(Roles.DATA_ENGINEER, "ingestion_code", OutputSchemas.FILES))
                                .squad("data").prompt(prompts.get("batch-ingestion"))),
                Steps.agent("transformations", kit.json(Roles.DATA_ENGINEER, "transformation_code", OutputSchemas.FILES)).squad("data")
                        .prompt(prompts.get("transformations")),
                Steps.agent("dashboards", kit.json(Roles.BI_ANALYST, "dashboards", DASHBOARDS)).squad("data")
                        .prompt(prompts.get("dashboards")));
        // the deployment deploys and checks the code written above: it gets its files' paths, not their content
        var outline = ArtefactOutline.step(OUTLINE, List.of("ingestion.files", "transformations.files"), List.of());
        var deployment = Steps.parallel("deployment",
                Steps.agent("pipeline-infrastructure", kit.json(Roles.INFRASTRUCTURE_ENGINEER, "pipeline_infrastructure", OutputSchemas.FILES))
                        .squad("devops").prompt(prompts.get("pipeline-infrastructure")),
                Steps.agent("data-quality", kit.json(Roles.MONITORING_SPECIALIST, "data_quality_monitoring", QUALITY)).squad("devops")
                        .prompt(prompts.get("data-quality")));

        return Workflow.builder(id()).name(name()).description(description()).input(spec)
                .steps(architecture, implementation, outline, deployment)
                .deliverable("architecture.pipeline_design", "pipeline-design")
                .deliverable("architecture.warehouse_schema", "warehouse.schema")
                .deliverable("architecture.models", "warehouse.models")
                .deliverable("architecture.retention", "warehouse.retention")
                .deliverable("implementation.ingestion", "ingestion.files")
                .deliverable("implementation.transformations", "transformations.files")
                .deliverable("implementation.dashboards", "dashboards.dashboards")
                .deliverable("deployment.infrastructure", "pipeline-infrastructure.files")
                .deliverable("deployment.data_quality.checks", "data-quality.checks")
                .deliverable("deployment.data_quality.alerts", "data-quality.alerts")
                .deliverable("deployment.runbook", "data-quality.runbook")
                .build();
    }

    @Override
    public String notes() {
        return "Architecture: the data engineer designs the pipeline (`docs/PIPELINE.md`) while the database architect "
                + "models the warehouse (DDL as `warehouse/schema.sql`, models with grain, retention). Implementation: "
                + "ingestion (streaming when `mode` is streaming or hybrid, batch otherwise), transformations with tests, "
                + "and dashboards (which read the DDL, so their queries name real columns) run in parallel, all in one "
                + "repository tree whose layout every code prompt states: `dags/` (the orchestrator's DAGs, `.py`), "
                + "`pipeline/` (extraction and loading code, per-source `.yaml` configs), `transform/` (the dbt project, "
                + "models as `.sql`), `infra/` (infrastructure as code). A task step then lists the paths of the "
                + "implementation's files, and deployment (infrastructure as code, data-quality checks with alerts and a "
                + "runbook) runs in parallel on that list: it deploys and checks the files written, without paying for "
                + "their content. The data-quality checks and alerts are one JSON file (`quality/data-quality.json`), "
                + "the runbook `quality/RUNBOOK.md`.";
    }

    @Override
    public String reportNotice() {
        return "The DAGs, the ingestion code, the dbt project and the infrastructure were written, not run: run "
                + "`dbt build` and one DAG run against a staging dataset, and apply the infrastructure to a sandbox, "
                + "before relying on them.";
    }

    @Override
    public Map<String, String> deliverables() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("architecture.pipeline_design", "pipeline design (Markdown)");
        d.put("architecture.warehouse_schema", "warehouse SQL DDL");
        d.put("architecture.models", "[{name, type, grain, partitioning}]");
        d.put("architecture.retention", "retention rules (text)");
        d.put("implementation.ingestion", "batch or streaming ingestion code and DAGs [{path, language, content}]");
        d.put("implementation.transformations", "transformation code (dbt project) [{path, language, content}]");
        d.put("implementation.dashboards", "[{name, audience, panels: [{title, kpi, chart, query}]}]");
        d.put("deployment.infrastructure", "IaC [{path, language, content}]");
        d.put("deployment.data_quality", "{checks: [{name, table, rule, severity, action}], alerts: [{name, condition, channel, severity}]}");
        d.put("deployment.runbook", "what to do when a check fails (Markdown)");
        return d;
    }

    @Override
    public Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("architecture.pipeline_design", "docs/PIPELINE.md");
        f.put("architecture.warehouse_schema", "warehouse/schema.sql");
        f.put("architecture.models", "warehouse/models.json");
        f.put("architecture.retention", "warehouse/RETENTION.md");
        f.put("implementation.dashboards", "dashboards/dashboards.json");
        f.put("deployment.data_quality", "quality/data-quality.json");
        f.put("deployment.runbook", "quality/RUNBOOK.md");
        return f;
    }
}
