package dev.devora.orchestration.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.OutputFormatException;
import dev.devora.orchestration.StepFailedException;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.agent.OutputSpec;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model's JSON reply, and whatever any step stores as its output, is bounded in depth, so that whatever a run
 * accepts, its {@code stateJson()} can be written.
 */
class DeepJsonOutputTest {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

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

    /** A JSON tree of objects nested {@code depth} levels, its leaf included. */
    private static JsonNode tree(int depth) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("leaf", 1);
        for (int i = 1; i < depth; i++) {
            ObjectNode parent = JsonNodeFactory.instance.objectNode();
            parent.set("a", node);
            node = parent;
        }
        return node;
    }

    private static void assertFailedWritably(WorkflowResult result, String path, int limit) {
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).isInstanceOf(StepFailedException.class)
                .hasMessageContaining("'" + path + "'").hasMessageContaining("nested deeper than " + limit + " levels")
                .hasRootCauseInstanceOf(OutputFormatException.class);
        assertThat(result.stateJson()).contains("\"first\":\"kept\"");
    }

    @Test
    void anyStepKindsOutputNestedTooDeep_isAStepFailureNamingTheStep_andTheStateStaysWritable() {
        Step first = Steps.task("first", "kept", state -> "kept");
        Agent deepAgent = Agent.of("deep", call -> AgentResult.json(tree(1000)));
        Workflow task = Workflow.builder("deep-task").step(first)
                .step(Steps.task("t", "deep", state -> tree(501))).build();
        Workflow inParallel = Workflow.builder("deep-branch").step(first)
                .step(Steps.parallel("p", Steps.task("t", "deep", state -> tree(1000)))).build();
        Workflow agent = Workflow.builder("deep-agent").step(first)
                .step(Steps.agent("a", deepAgent).prompt("go")).build();
        Workflow router = Workflow.builder("deep-router").step(first)
                .step(Steps.route("r", deepAgent).prompt("choose")
                        .option("leaf", "the only one", Steps.task("x", "x", s -> "x")).defaultRoute("leaf")).build();
        Workflow inner = Workflow.builder("inner").step(Steps.task("i", "i", s -> "i"))
                .deliverables(state -> tree(1000)).build();
        Workflow sub = Workflow.builder("deep-sub").step(first).step(Steps.workflow("s", inner)).build();

        assertFailedWritably(engine.run(task, Map.of()), "t", 500);
        assertFailedWritably(engine.run(inParallel, Map.of()), "p/t", 500);
        assertFailedWritably(engine.run(agent, Map.of()), "a", 500);
        assertFailedWritably(engine.run(router, Map.of()), "r", 500);
        assertFailedWritably(engine.run(sub, Map.of()), "s", 900);
    }

    @Test
    void outputsWithinTheLimit_nestedInParallelSteps_succeed_andDeepDeliverablesAreAWarning() {
        Workflow nested = Workflow.builder("nested-parallel")
                .step(Steps.parallel("p1", Steps.parallel("p2", Steps.parallel("p3",
                        Steps.task("t", "deep", state -> tree(500))))))
                .build();
        Workflow deepDeliverables = Workflow.builder("deep-deliverables").step(Steps.task("t", "t", s -> "t"))
                .deliverables(state -> tree(1000)).build();

        WorkflowResult ok = engine.run(nested, Map.of());
        WorkflowResult warned = engine.run(deepDeliverables, Map.of());

        assertThat(ok.status()).as(String.valueOf(ok.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ok.stateJson()).contains("\"leaf\":1");
        assertThat(warned.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(warned.warnings()).anySatisfy(w -> assertThat(w.message()).contains("nested deeper than"));
        assertThat(warned.stateJson()).contains("deep-deliverables");
    }
}
