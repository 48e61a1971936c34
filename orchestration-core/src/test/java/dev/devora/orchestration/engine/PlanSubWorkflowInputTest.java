package dev.devora.orchestration.engine;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sub-workflow's conditions are resolved at plan time against the input the run would give it: its defaults
 * applied and its typed fields typed, as the interpreter does, so the plan counts the branch the run takes.
 */
class PlanSubWorkflowInputTest {
    private final ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
    private final LlmAgent writer = LlmAgent.builder("writer").provider(llm).build();

    /** A child whose branches depend on an optional field with a default and on a boolean field. */
    private Workflow child() {
        return Workflow.builder("child")
                .input(InputSpec.builder()
                        .field(InputField.optional("provider", FieldType.STRING, "git provider")
                                .withDefault(TextNode.valueOf("GitHub")))
                        .field(InputField.optional("docker", FieldType.BOOLEAN, "build images")
                                .withDefault(BooleanNode.FALSE))
                        .build())
                .step(Steps.when("git", Condition.inputEquals("provider", "GitHub"),
                        Steps.agent("github", writer).prompt("GitHub " + "g".repeat(400))))
                .step(Steps.when("images", Condition.inputPresent("docker"),
                        Steps.agent("docker", writer).prompt("Docker " + "d".repeat(800))))
                .build();
    }

    private Workflow parent(Workflow child) {
        return Workflow.builder("parent")
                .input(InputSpec.builder().field(InputField.optional("docker", FieldType.BOOLEAN, "build images")
                        .withDefault(BooleanNode.FALSE)).build())
                .step(Steps.workflow("setup", child).input("docker", "{{input.docker}}"))
                .build();
    }

    @Test
    void theChildsDefaultsAndTypes_decideItsBranches_inThePlanAsInTheRun() {
        Workflow wf = parent(child());
        Map<String, Object> input = Map.of("docker", false);
        ExecutionPlan plan;
        WorkflowResult result;
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            plan = engine.plan(wf, input);
            result = engine.run(wf, input);
        }

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(llm.callCount()).isEqualTo(1); // the run: the default provider's branch, no docker branch
        assertThat(plan.calls()).extracting(ExecutionPlan.PlannedCall::path).containsExactly("setup/git/github");
        assertThat(plan.minCalls()).isEqualTo(1);
        assertThat(plan.maxCalls()).isEqualTo(1);
        assertThat(plan.minEstimatedPromptTokens()).isEqualTo(plan.estimatedPromptTokens());
    }
}
