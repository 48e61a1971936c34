package dev.devora.orchestration.engine;

import dev.devora.orchestration.OutputFormatException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A model's JSON reply is bounded in depth, so that whatever a run accepts, its {@code stateJson()} can be written. */
class DeepJsonOutputTest {
    private final WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();

    @AfterEach
    void close() {
        engine.close();
    }

    private static String nestedObject(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{\"leaf\":1}" + "}".repeat(depth - 1);
    }

    private WorkflowResult runReplying(String reply) {
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().whenAgent("json").reply(reply).build();
        Workflow wf = Workflow.builder("deep-output")
                .step(Steps.parallel("p", Steps.agent("j", LlmAgent.builder("json").provider(llm)
                        .output(OutputSpec.json()).build()).prompt("go")))
                .build();
        return engine.run(wf, Map.of());
    }

    @Test
    void aReplyNestedAThousandDeep_isAnOutputFormatFailure_andTheStateStaysWritable() {
        WorkflowResult result = runReplying(nestedObject(1000)); // Jackson's parser accepts it

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).hasRootCauseInstanceOf(OutputFormatException.class)
                .hasMessageContaining("nested deeper than 500 levels");
        assertThat(result.stateJson()).contains("deep-output");
    }

    @Test
    void aReplyAsDeepAsAllowed_isUsed_andItsStateIsWritable() {
        WorkflowResult result = runReplying(nestedObject(500));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.stateJson()).contains("\"leaf\":1");
    }
}
