package dev.devora.orchestration.workflows;

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
        assertThat(result.deliverables().path("implementation").path("ingestion").isArray()).isTrue();
        assertThat(result.deliverables().path("deployment").path("data_quality").path("checks").isArray()).isTrue();
        assertThat(result.deliverables().path("architecture").path("warehouse_schema").isTextual()).isTrue();
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
}
