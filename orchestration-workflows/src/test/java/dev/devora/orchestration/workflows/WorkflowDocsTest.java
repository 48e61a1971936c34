package dev.devora.orchestration.workflows;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "workflows.md");

    @Test
    void docsWorkflowsMd_isCurrent() throws Exception {
        String expected = WorkflowDocs.render();
        if (Boolean.getBoolean("workflows.docs.update")) {
            Files.createDirectories(DOCS.getParent());
            Files.writeString(DOCS, expected, StandardCharsets.UTF_8);
        }
        assertThat(DOCS).as("docs/workflows.md is missing; regenerate it (see its header)").exists();
        assertThat(Files.readString(DOCS, StandardCharsets.UTF_8))
                .as("docs/workflows.md is stale; regenerate it with -Dworkflows.docs.update=true (see its header)")
                .isEqualTo(expected);
    }

    @Test
    void docs_giveTheBusinessTemplatesPhases_plannedTimes_andEnvironmentVariables() {
        String docs = WorkflowDocs.render();
        for (var t : dev.devora.orchestration.workflows.business.BusinessTemplate.values()) {
            String section = docs.substring(docs.indexOf("(`" + t.id() + "`)"));
            for (var p : t.phases()) {
                assertThat(section).contains("| `" + p.stepId() + "` | " + p.title() + " | `" + p.role().id() + "` | "
                        + p.planned().toMinutes() + " min | `" + p.deliverable() + "` |");
            }
            assertThat(section).contains("Planned: " + t.plannedTotal().toMinutes() + " min in all");
        }
        for (String v : java.util.List.of("DESIGN_IA_ENDPOINT", "CORE_ENDPOINT", "AUTOMATION_ENDPOINT", "ADS_ENDPOINT", "INTER_AGENT_TOKEN")) {
            assertThat(docs).contains("| `" + v + "` |");
        }
    }

    @Test
    void docs_standOnTheRepositoryAlone_citingNoSeedNorDesignPage() {
        String docs = WorkflowDocs.render();

        assertThat(docs).doesNotContainPattern("(?i)\\bseed").doesNotContain("DESIGN.md");
    }

    @Test
    void docs_showEveryWorkflowsDiagram_inputFields_andDeliverables() {
        String docs = WorkflowDocs.render();
        for (WorkflowInfo w : Workflows.catalog().workflows()) {
            assertThat(docs).contains("(`" + w.id() + "`)");
            w.input().fields().forEach(f -> assertThat(docs).contains("| `" + f.name() + "` |"));
            w.deliverables().keySet().forEach(p -> assertThat(docs).contains("| `" + p + "` |"));
        }
        assertThat(docs.split("```mermaid", -1)).hasSize(Workflows.catalog().workflows().size() + 1);
        assertThat(Workflows.catalog().workflows()).hasSize(23);
    }
}
