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
        assertThat(out.resolve("README.md")).exists();
        assertThat(out.resolve("app/routes/tasks.py")).hasContent("router = APIRouter()"); // one source tree
        assertThat(out.resolve("tests/coverage.json")).exists();
    }

    @Test
    void missingOrNullDeliverables_writeNoFile(@TempDir Path out) throws Exception {
        assertThat(Deliverables.files(com.fasterxml.jackson.databind.node.MissingNode.getInstance(), Map.of())).isEmpty();
        assertThat(Deliverables.files(JSON.readTree("{\"prd\": null, \"kpis\": {\"a\": 1}}"), Map.of()))
                .containsOnlyKeys("kpis.json");
        assertThat(Deliverables.write(com.fasterxml.jackson.databind.node.MissingNode.getInstance(), out, Map.of())).isEmpty();
    }

    @Test
    void pathsThatEscapeTheDirectory_areRefused_andNothingIsWritten(@TempDir Path out) throws Exception {
        JsonNode evil = JSON.readTree("{\"code\": [{\"path\": \"code/ok.txt\", \"content\": \"fine\"}, "
                + "{\"path\": \"code/../../etc/passwd\", \"content\": \"x\"}]}");
        assertThatThrownBy(() -> Deliverables.write(evil, out, Map.of()))
                .isInstanceOf(DeliverablePathException.class).hasMessageContaining("refusing to write 'code/../../etc/passwd'");
        assertThat(Files.list(out)).isEmpty();
        JsonNode absolute = JSON.readTree("{\"code\": [{\"path\": \"/tmp/x\", \"content\": \"x\"}]}");
        assertThat(Deliverables.files(absolute, Map.of())).containsOnlyKeys("/tmp/x");
        assertThatThrownBy(() -> Deliverables.write(JSON.readTree("{\"a\": \"b\"}"), out, Map.of("a", "/etc/evil")))
                .hasMessageContaining("refusing to write '/etc/evil'");
    }

    @Test
    void aSymlinkedFolderInsideTheDirectory_isRefused_andNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("code"), elsewhere);
        JsonNode tree = JSON.readTree("{\"first\": \"written first in tree order\", "
                + "\"code\": [{\"path\": \"code/app.py\", \"content\": \"x\"}]}");

        assertThatThrownBy(() -> Deliverables.write(tree, out, Map.of()))
                .isInstanceOf(DeliverablePathException.class)
                .hasMessage("refusing to write 'code/app.py': " + out.toRealPath().resolve("code")
                        + " is a symbolic link (deliverables are never written through links)")
                .satisfies(e -> assertThat(((DeliverablePathException) e).relativePath()).isEqualTo("code/app.py"));
        assertThat(elsewhere.resolve("app.py")).doesNotExist();
        assertThat(out.resolve("first.md")).doesNotExist();
    }

    @Test
    void aSymlinkedFile_isRefused_andTheFileItPointsToIsUntouched(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path outside = Files.writeString(tmp.resolve("precious.txt"), "keep me");
        Files.createSymbolicLink(out.resolve("prd.md"), outside);

        assertThatThrownBy(() -> Deliverables.write(JSON.readTree("{\"prd\": \"# PRD\"}"), out, Map.of()))
                .isInstanceOf(DeliverablePathException.class)
                .hasMessageContaining("refusing to write 'prd.md': ").hasMessageContaining("prd.md is a symbolic link");
        assertThat(outside).hasContent("keep me");
    }

    @Test
    void aHardLinkedFile_isRefused_andTheFileItSharesIsUntouched(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path outside = Files.writeString(tmp.resolve("precious.txt"), "keep me");
        Files.createLink(out.resolve("prd.md"), outside); // out/prd.md and precious.txt are one file

        assertThatThrownBy(() -> Deliverables.write(JSON.readTree("{\"first\": \"x\", \"prd\": \"# PRD\"}"), out, Map.of()))
                .isInstanceOf(DeliverablePathException.class)
                .hasMessage("refusing to write 'prd.md': " + out.toRealPath().resolve("prd.md")
                        + " is a hard link (a file with 2 names; deliverables are never written through links)");
        assertThat(outside).hasContent("keep me");
        assertThat(out.resolve("first.md")).doesNotExist();
    }

    @Test
    void aDanglingSymlink_isRefused_andCreatesNothingWhereItPoints(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.createSymbolicLink(out.resolve("prd.md"), tmp.resolve("created-through-the-link.md"));

        assertThatThrownBy(() -> Deliverables.write(JSON.readTree("{\"prd\": \"# PRD\"}"), out, Map.of()))
                .isInstanceOf(DeliverablePathException.class);
        assertThat(tmp.resolve("created-through-the-link.md")).doesNotExist();
    }

    @Test
    void apiDevelopmentDocs_throughALinkToAFolderOutside_areRefused_andNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("docs"), Path.of("..", "elsewhere")); // out/docs -> ../elsewhere
        PredefinedWorkflow api = Fixtures.workflow("api-development", Fixtures.approving());
        WorkflowResult result = api.run(InputSpec.toJson(ApiDevelopmentWorkflowTest.input("rest")));
        assertThat(Deliverables.files(result.deliverables(), Map.of("documentation.getting_started", "docs/GETTING_STARTED.md")))
                .containsKey("docs/GETTING_STARTED.md");

        assertThatThrownBy(() -> api.writeDeliverables(result, out))
                .isInstanceOf(DeliverablePathException.class)
                .hasMessageContaining("refusing to write 'docs/")
                .hasMessageContaining(out.toRealPath().resolve("docs") + " is a symbolic link");
        try (var listed = Files.list(elsewhere)) {
            assertThat(listed).isEmpty();
        }
        try (var listed = Files.list(out)) {
            assertThat(listed).containsExactly(out.resolve("docs"));
        }
    }

    @Test
    void aFileWhereAFolderIsNeeded_isRefusedByName(@TempDir Path out) throws Exception {
        Files.writeString(out.resolve("code"), "a file");

        assertThatThrownBy(() -> Deliverables.write(JSON.readTree("{\"code\": [{\"path\": \"code/app.py\", \"content\": \"x\"}]}"), out, Map.of()))
                .isInstanceOf(DeliverablePathException.class)
                .hasMessage("refusing to write 'code/app.py': " + out.toRealPath().resolve("code") + " is a file, not a folder");
    }

    @Test
    void theDirectoryItself_mayBeALink_andLinksPointingInsideAreStillRefused(@TempDir Path tmp) throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("out"), real);

        assertThat(Deliverables.write(JSON.readTree("{\"prd\": \"# PRD\"}"), linkedRoot, Map.of())).hasSize(1);
        assertThat(real.resolve("prd.md")).hasContent("# PRD");

        Files.createDirectories(real.resolve("inside"));
        Files.createSymbolicLink(real.resolve("alias"), real.resolve("inside"));
        assertThatThrownBy(() -> Deliverables.write(JSON.readTree("{\"alias\": [{\"path\": \"alias/a.txt\", \"content\": \"x\"}]}"), linkedRoot, Map.of()))
                .isInstanceOf(DeliverablePathException.class).hasMessageContaining("alias is a symbolic link");
    }

    @Test
    void theFilesAreNamedByTheirPlainRelativePaths_asWrittenOnDisk() throws Exception {
        JsonNode tree = JSON.readTree("{\"docs\": {\"readme\": \"# R\"}, \"spec\": {\"paths\": {\"/tasks\": {\"get\": \"list\"}}}, "
                + "\"code\": [{\"path\": \"./src//app.py\", \"content\": \"x\"}]}");

        assertThat(Deliverables.files(tree, Map.of("docs", "./"))).containsOnlyKeys("readme.md", "spec.json", "src/app.py");
    }

    @Test
    void documents_keepTheirFileNames_andAdrListsBecomeNumberedFiles() throws Exception {
        JsonNode tree = JSON.readTree("{\"documents\": {\"README.md\": \"# Hi\", \"adrs/\": [\"# ADR 1\", \"# ADR 2\"]}, "
                + "\"metadata\": {\"word_count\": 3}}");
        assertThat(Deliverables.files(tree, Map.of())).containsOnlyKeys("documents/README.md", "documents/adrs/0001.md",
                "documents/adrs/0002.md", "metadata.json");
        assertThat(Deliverables.files(tree, Map.of("documents", "./"))).containsKeys("README.md", "adrs/0001.md");
    }

    @Test
    void documentationFiles_landAtTheRootOfTheDirectory_likeTheSeedsExample(@TempDir Path out) throws Exception {
        PredefinedWorkflow docs = Fixtures.workflow("documentation-generation", Fixtures.approving());
        WorkflowResult result = docs.run(InputSpec.toJson(DocumentationWorkflowTest.input(java.util.List.of("readme", "contributing"))));
        docs.writeDeliverables(result, out);
        assertThat(out.resolve("README.md")).exists();
        assertThat(out.resolve("CONTRIBUTING.md")).exists();
        assertThat(out.resolve("docs/diagrams/architecture.mmd")).exists();
    }

    @Test
    void structuredResults_areOneJsonFileEach_andCodeFormsOneSourceTree() throws Exception {
        JsonNode tree = JSON.readTree("{\"qa\": {\"review\": {\"score\": 92, \"approved\": true, \"blockers\": [], \"feedback\": \"ok\"}},"
                + "\"frontend\": {\"design_system\": {\"colors\": {\"primary\": {\"500\": \"#2563eb\"}}},"
                + " \"files\": [{\"path\": \"web/src/App.tsx\", \"content\": \"app\"}]},"
                + "\"backend\": {\"files\": [{\"path\": \"api/main.py\", \"content\": \"main\"}], \"notes\": []},"
                + "\"severity_counts\": {\"critical\": 1, \"high\": 2}}");

        assertThat(Deliverables.files(tree, Map.of())).containsOnlyKeys("qa.json", "frontend/design_system.json",
                "web/src/App.tsx", "api/main.py", "severity_counts.json");
        assertThat(Deliverables.files(tree, Map.of("qa.review", "review.json"))).containsKey("review.json");
    }

    @Test
    void typedNames_writeNumberedFilesOfThatType_andAFolderNamePutsAFileListUnderIt() throws Exception {
        JsonNode tree = JSON.readTree("{\"migrations\": [\"CREATE TABLE a();\", \"CREATE TABLE b();\"], \"one\": \"SELECT 1;\","
                + " \"chart\": [{\"path\": \"Chart.yaml\", \"content\": \"name: app\"}, {\"path\": \"templates/deployment.yaml\", \"content\": \"kind: Deployment\"}],"
                + " \"empty\": []}");

        Map<String, String> files = Deliverables.files(tree, Map.of("migrations", "db/migrations/*.sql", "one", "db/seed/*.sql",
                "chart", "charts/app/"));

        assertThat(files).containsOnlyKeys("db/migrations/0001.sql", "db/migrations/0002.sql", "db/seed/0001.sql",
                "charts/app/Chart.yaml", "charts/app/templates/deployment.yaml");
        assertThat(files.get("db/migrations/0002.sql")).isEqualTo("CREATE TABLE b();");
    }
}
