package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtefactOutlineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void files_listPathLanguageAndLines_notTheContent() throws Exception {
        JsonNode files = JSON.readTree("[{\"path\": \"dags/a.py\", \"language\": \"python\", \"content\": \"import x\\nprint(1)\\n\"},"
                + " {\"path\": \"README.md\", \"language\": \"\", \"content\": \"one\"}]");

        assertThat(ArtefactOutline.files(files)).isEqualTo("- dags/a.py (python, 2 lines)\n- README.md (1 line)\n");
        assertThat(ArtefactOutline.files(JSON.readTree("[]"))).isEqualTo("- (none)\n");
        assertThat(ArtefactOutline.files(JSON.missingNode())).isEqualTo("- (none)\n");
    }

    @Test
    void aLongFileList_isCutAtTheBound_andTheRestCounted() {
        ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i < ArtefactOutline.MAX_FILES + 5; i++) many.addObject().put("path", "f" + i + ".py").put("content", "x");

        String outline = ArtefactOutline.files(many);
        assertThat(outline.lines()).hasSize(ArtefactOutline.MAX_FILES + 1);
        assertThat(outline).endsWith("- … and 5 more files\n");
    }

    @Test
    void operations_listMethodsAndPaths_skippingPathLevelKeys() throws Exception {
        JsonNode api = JSON.readTree("{\"paths\": {\"/v1/predict\": {\"parameters\": [], \"post\": {\"summary\": \"score\"}},"
                + " \"/health\": {\"get\": {}}}}");

        assertThat(ArtefactOutline.operations(api)).isEqualTo("- POST /v1/predict: score\n- GET /health\n");
        assertThat(ArtefactOutline.operations(JSON.readTree("{\"openapi\": \"3.1.0\"}"))).isEqualTo("- (none)\n");
    }

    @Test
    void anOutlineOfNothing_isRefusedByName() {
        assertThatThrownBy(() -> ArtefactOutline.step("outline", List.of(), List.of()))
                .hasMessage("outline 'outline' names no artefact");
    }
}
