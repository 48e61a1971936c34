package dev.devora.orchestration.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Workflow;
import dev.devora.orchestration.workflows.Workflows;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ten predefined workflows of the first catalogue, with the runner's sample inputs and the scripted provider's
 * schema samples as answers, run to their end on Temporal, with the same {@code stateJson()} as on the in-JVM engine.
 */
class PredefinedWorkflowsTest {
    static final Path SAMPLES = Path.of("..", "examples", "src", "main", "resources", "dev", "devora", "orchestration",
            "examples", "samples");

    @ParameterizedTest
    @ValueSource(strings = {"full-stack-development", "api-development", "documentation-generation",
            "performance-optimization", "cicd-setup", "data-pipeline-setup", "ml-model-integration", "security-audit",
            "accessibility-compliance", "complete-project-launch"})
    void runsToItsEnd_withTheSameStateAsInTheJvm(String id) throws Exception {
        JsonNode input = new ObjectMapper().readTree(Files.readString(SAMPLES.resolve(id + ".json")));
        WorkflowResult expected;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
            expected = engine.run(Workflows.byId(id, llm).definitionFor(input), input, null, null);
        }
        assertThat(expected.status()).as(String.valueOf(expected.failure())).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);

        ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
        Workflow definition = Workflows.byId(id, llm).definitionFor(input);
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker("devora-" + id);
            TemporalWorkers.builder().workflow(definition).provider(llm).build().registerOn(worker);
            env.start();
            String state = TemporalRuns.of(env.getWorkflowClient(), "devora-" + id).start(definition, input).stateJson();
            assertThat(state).isEqualTo(expected.stateJson());
        }
    }
}
