package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliverablesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void apiDeliverables_areWrittenAsTheSeedSavesThem(@TempDir Path out) throws Exception {
        PredefinedWorkflow api = Fixtures.workflow("api-development", Fixtures.approving(b -> b
                .whenStep("endpoints").reply("{\"endpoints\": [{\"path\": \"app/routes/tasks.py\", \"language\": \"python\", "
                        + "\"content\": \"router = APIRouter()\"}], \"schemas\": [], \"middleware\": [], \"tests\": []}")));
        WorkflowResult result = api.run(InputSpec.toJson(ApiDevelopmentWorkflowTest.input("rest")));
        api.writeDeliverables(result, out);

        assertThat(out.resolve("openapi.json")).exists();
        assertThat(JSON.readTree(out.resolve("openapi.json").toFile()).isObject()).isTrue();
        assertThat(out.resolve("API_README.md")).exists();
        assertThat(out.resolve("implementation/endpoints/app/routes/tasks.py")).hasContent("router = APIRouter()");
        assertThat(out.resolve("testing/coverage.json")).exists();
    }

    @Test
    void missingOrNullDeliverables_writeNoFile(@TempDir Path out) throws Exception {
        assertThat(Deliverables.files(com.fasterxml.jackson.databind.node.MissingNode.getInstance(), Map.of())).isEmpty();
        assertThat(Deliverables.files(JSON.readTree("{\"prd\": null, \"kpis\": {\"a\": 1}}"), Map.of()))
                .containsOnlyKeys("kpis/a.json");
        assertThat(Deliverables.write(com.fasterxml.jackson.databind.node.MissingNode.getInstance(), out, Map.of())).isEmpty();
    }

    @Test
    void pathsThatEscapeTheDirectory_areRefused_andNothingIsWritten(@TempDir Path out) throws Exception {
        JsonNode evil = JSON.readTree("{\"code\": [{\"path\": \"ok.txt\", \"content\": \"fine\"}, "
                + "{\"path\": \"../../etc/passwd\", \"content\": \"x\"}]}");
        assertThatThrownBy(() -> Deliverables.write(evil, out, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing to write 'code/../../etc/passwd'");
        assertThat(Files.list(out)).isEmpty();
        JsonNode absolute = JSON.readTree("{\"code\": [{\"path\": \"/tmp/x\", \"content\": \"x\"}]}");
        assertThat(Deliverables.files(absolute, Map.of())).containsOnlyKeys("code//tmp/x");
        assertThatThrownBy(() -> Deliverables.write(JSON.readTree("{\"a\": \"b\"}"), out, Map.of("a", "/etc/evil")))
                .hasMessageContaining("refusing to write '/etc/evil'");
    }

    @Test
    void documents_keepTheirFileNames_andAdrListsBecomeNumberedFiles() throws Exception {
        JsonNode tree = JSON.readTree("{\"documents\": {\"README.md\": \"# Hi\", \"adrs/\": [\"# ADR 1\", \"# ADR 2\"]}, "
                + "\"metadata\": {\"word_count\": 3}}");
        assertThat(Deliverables.files(tree, Map.of())).containsOnlyKeys("documents/README.md", "documents/adrs/0001.md",
                "documents/adrs/0002.md", "metadata/word_count.json");
        assertThat(Deliverables.files(tree, Map.of("documents", "./"))).containsKeys("./README.md", "./adrs/0001.md");
    }

    @Test
    void documentationFiles_landAtTheRootOfTheDirectory_likeTheSeedsExample(@TempDir Path out) throws Exception {
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", Fixtures.approving());
        WorkflowResult result = docs.run(InputSpec.toJson(DocumentationWorkflowTest.input(java.util.List.of("readme", "contributing"))));
        docs.writeDeliverables(result, out);
        assertThat(out.resolve("README.md")).exists();
        assertThat(out.resolve("CONTRIBUTING.md")).exists();
        assertThat(out.resolve("diagrams/architecture.mmd")).exists();
    }
}
