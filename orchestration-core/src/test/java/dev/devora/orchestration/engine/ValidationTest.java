package dev.devora.orchestration.engine;

import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.WorkflowValidationException;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ValidationTest {
    private final ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
    private final LlmAgent agent = LlmAgent.builder("a").provider(llm).build();

    @Test
    void build_listsEveryDefinitionProblemAtOnce_withPaths() {
        WorkflowValidationException e = catchThrowableOfType(WorkflowValidationException.class, () ->
                Workflow.builder("broken")
                        .input(InputSpec.builder().required("feature", "what").build())
                        .step(Steps.agent("draft", agent).prompt("Design {{input.feture}} after {{ghost}}"))
                        .step(Steps.agent("draft", agent).prompt("again"))
                        .step(Steps.loop("revise", Steps.agent("rewrite", agent).prompt("{{draft}}"))
                                .until(Condition.of("never", s -> false)))
                        .step(Steps.parallel("critique"))
                        .build());

        assertThat(e.problems()).extracting(ValidationProblem::path)
                .containsExactly("draft", "draft", "draft", "revise", "critique");
        assertThat(e.problems()).extracting(ValidationProblem::message).satisfiesExactly(
                m -> assertThat(m).contains("{{input.feture}}").contains("unknown input field 'feture'").contains("[feature]"),
                m -> assertThat(m).contains("{{ghost}}").contains("no step or input"),
                m -> assertThat(m).contains("duplicate step id 'draft'"),
                m -> assertThat(m).contains("no maxIterations"),
                m -> assertThat(m).contains("no branches"));
        assertThat(e.getMessage()).startsWith("Workflow 'broken' has 5 problems:");
    }

    @Test
    void referenceToAParallelSiblingOrALaterStep_isRejected() {
        assertThatThrownBy(() -> Workflow.builder("order")
                .step(Steps.parallel("p",
                        Steps.agent("left", agent).prompt("x"),
                        Steps.agent("right", agent).prompt("use {{left}}")))
                .step(Steps.agent("early", agent).prompt("use {{late}}"))
                .step(Steps.agent("late", agent).prompt("y"))
                .build())
                .isInstanceOf(WorkflowValidationException.class)
                .hasMessageContaining("p/right: prompt: {{left}} refers to step 'left', which has not finished")
                .hasMessageContaining("early: prompt: {{late}} refers to step 'late'");
    }

    @Test
    void gateAndLoopReferences_areOnlyValidInsideTheirScope() {
        assertThatThrownBy(() -> Workflow.builder("scopes")
                .step(Steps.agent("a1", agent).prompt("{{gate.feedback}} {{loop.iteration}}"))
                .build())
                .hasMessageContaining("{{gate.feedback}} is only available inside a gate step or a loop with a gate")
                .hasMessageContaining("{{loop.iteration}} is only available inside a loop");
    }

    @Test
    void reservedAndMalformedIds_andUnclosedTemplates_areReported() {
        assertThatThrownBy(() -> Workflow.builder("ids")
                .step(Steps.agent("input", agent).prompt("x"))
                .step(Steps.agent("bad id", agent).prompt("x"))
                .step(Steps.agent("ok", agent).prompt("broken {{draft"))
                .build())
                .hasMessageContaining("step id 'input' is reserved")
                .hasMessageContaining("step id must be letters, digits, '-' or '_', was \"bad id\"")
                .hasMessageContaining("unclosed '{{'");
    }

    @Test
    void invalidInput_isRejectedBeforeAnyProviderCall_withEveryProblem() {
        Workflow wf = Workflow.builder("api")
                .input(InputSpec.builder()
                        .required("requirements", FieldType.LIST, "functional requirements")
                        .choice("api_type", "API style", "REST", "GraphQL")
                        .optional("max_rounds", FieldType.INTEGER, "rounds")
                        .build())
                .step(Steps.agent("design", agent).prompt("{{input.api_type}} for {{input.requirements}}"))
                .build();

        try (WorkflowEngine engine = WorkflowEngine.create()) {
            InputValidationException e = catchThrowableOfType(InputValidationException.class,
                    () -> engine.run(wf, Map.of("api_type", "SOAP", "max_rounds", "many", "colour", "red")));

            assertThat(e.problems()).extracting(Object::toString).containsExactly(
                    "input.requirements: is required (functional requirements)",
                    "input.api_type: must be one of [REST, GraphQL], was \"SOAP\"",
                    "input.max_rounds: must be an integer, was \"many\"",
                    "input.colour: is not a field of this workflow (known fields: [requirements, api_type, max_rounds])");
            assertThatThrownBy(() -> engine.start(wf, Map.of(), event -> { }))
                    .isInstanceOf(InputValidationException.class);
            assertThatThrownBy(() -> engine.plan(wf, Map.of())).isInstanceOf(InputValidationException.class);
        }
        assertThat(llm.callCount()).isZero();
    }

    @Test
    void validInput_isNormalised_allowedValuesTakeTheirDeclaredCase() {
        Workflow wf = Workflow.builder("api")
                .input(InputSpec.builder().choice("api_type", "API style", "REST", "GraphQL").build())
                .step(Steps.agent("design", agent).prompt("Design a {{input.api_type}} API"))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            engine.run(wf, Map.of("api_type", "graphql"));
        }
        assertThat(llm.requests().get(0).lastUserText()).isEqualTo("Design a GraphQL API");
    }

    @Test
    void builderOptions_rejectBadValues_namingTheValue() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
                .hasMessage("maxAttempts must be ≥ 1, was 0");
        assertThatThrownBy(() -> RunOptions.builder().maxCostUsd("-1").build())
                .hasMessage("maxCostUsd must be > 0, was -1");
        assertThatThrownBy(() -> LlmAgent.builder("x y").build())
                .hasMessageContaining("name must be letters, digits, '-' or '_', was \"x y\"")
                .hasMessageContaining("provider is required");
        assertThat(List.of()).isEmpty();
    }

    @Test
    void customInputChecks_runWithTheFieldChecks_andReportTheirPaths() {
        Workflow wf = Workflow.builder("models")
                .input(InputSpec.builder()
                        .required("data_models", FieldType.LIST, "models")
                        .check(in -> {
                            List<ValidationProblem> problems = new java.util.ArrayList<>();
                            for (int i = 0; i < in.path("data_models").size(); i++) {
                                if (!in.path("data_models").get(i).hasNonNull("name")) {
                                    problems.add(new ValidationProblem("input.data_models[" + i + "].name", "is required"));
                                }
                            }
                            return problems;
                        })
                        .build())
                .step(Steps.agent("design", agent).prompt("{{input.data_models}}"))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.create()) {
            InputValidationException e = catchThrowableOfType(InputValidationException.class,
                    () -> engine.run(wf, Map.of("data_models", List.of(Map.of("name", "Task"), Map.of("fields", "x")))));
            assertThat(e.problems()).extracting(Object::toString).containsExactly("input.data_models[1].name: is required");
        }
        assertThat(llm.callCount()).isZero();
    }
}
