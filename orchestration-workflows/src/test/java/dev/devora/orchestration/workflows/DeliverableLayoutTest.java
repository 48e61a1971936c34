package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.SimulatedProvider;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files an offline run of each workflow writes form a layout a team would open: no JSON file holding one
 * value, no folder of one-line files, no file written twice under two names.
 */
class DeliverableLayoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> workflows() {
        return SavingsMeasurementTest.inputs().keySet().stream();
    }

    static Map<String, String> offlineFiles(String id) {
        SimulatedProvider llm = SimulatedProvider.builder().noLatency().build();
        PredefinedWorkflow w = Workflows.byId(id, llm).withEngine(Fixtures.ENGINE);
        WorkflowResult result = w.run(InputSpec.toJson(SavingsMeasurementTest.inputs().get(id)));
        assertThat(result.status().name()).as(id + " offline run").isIn("SUCCEEDED", "PARTIAL");
        return w.deliverableFiles(result);
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void noFileHoldsASingleValue_andNothingIsWrittenTwice(String id) throws Exception {
        Map<String, String> files = offlineFiles(id);

        assertThat(files).as(id).isNotEmpty();
        List<String> oneValue = new ArrayList<>();
        Map<String, String> byContent = new HashMap<>();
        List<String> twice = new ArrayList<>();
        files.forEach((path, content) -> {
            if (path.endsWith(".json")) {
                try {
                    JsonNode n = JSON.readTree(content);
                    if (n.isValueNode()) oneValue.add(path + " = " + content);
                } catch (Exception e) {
                    oneValue.add(path + " is not JSON");
                }
            }
            if (content.length() > 200) {
                String earlier = byContent.putIfAbsent(content, path);
                if (earlier != null) twice.add(earlier + " and " + path);
            }
        });
        assertThat(oneValue).as(id + ": JSON files holding one value").isEmpty();
        assertThat(twice).as(id + ": the same content written twice").isEmpty();
        Map<String, List<String>> byFolder = new HashMap<>();
        files.forEach((path, content) -> byFolder.computeIfAbsent(path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "",
                k -> new ArrayList<>()).add(content));
        byFolder.forEach((folder, contents) -> {
            if (folder.isEmpty() || contents.size() < 3) return;
            assertThat(contents.stream().allMatch(c -> !c.strip().contains("\n") && c.length() < 80))
                    .as(id + ": folder " + folder + " is made of one-line files").isFalse();
        });
    }
}
