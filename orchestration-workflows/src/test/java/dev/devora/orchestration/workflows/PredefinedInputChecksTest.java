package dev.devora.orchestration.workflows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.InputLimits;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.devora.orchestration.workflows.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The predefined workflows' checks inside lists and objects: exact messages, and safe on any input. */
class PredefinedInputChecksTest {
    private final ScriptedLlmProvider llm = Fixtures.approving();
    private final PredefinedWorkflow api = Fixtures.workflow("api-development", llm);

    private static Map<String, Object> withDataModels(Object dataModels) {
        Map<String, Object> in = new java.util.HashMap<>(ApiDevelopmentWorkflowTest.input("rest"));
        in.put("data_models", dataModels);
        return in;
    }

    @Test
    void aListItemsMemberOfTheWrongType_isReportedAsSuch_notAsMissing() {
        List<ValidationProblem> problems = api.validate(InputSpec.toJson(withDataModels(List.of(
                map("name", 5, "fields", map("id", "uuid")), map("name", "", "fields", map("id", "uuid")),
                map("fields", map("id", "uuid"))))));

        assertThat(problems).extracting(ValidationProblem::toString).containsExactly(
                "input.data_models[0].name: must be a string, was 5",
                "input.data_models[1].name: is required (a non-blank string)",
                "input.data_models[2].name: is required (a non-blank string)");
    }

    @Test
    void aDataModelsFields_ofTheWrongType_orWithATypeThatIsNoName_areReportedWithTheValue() {
        Map<String, Object> withoutFields = new java.util.HashMap<>();
        withoutFields.put("name", "Z");
        List<ValidationProblem> problems = api.validate(InputSpec.toJson(withDataModels(List.of(
                map("name", "A", "fields", 5), map("name", "B", "fields", List.of("id")),
                map("name", "C", "fields", map("id", 5, "title", "", "owner", "uuid")), withoutFields))));

        assertThat(problems).extracting(ValidationProblem::toString).containsExactly(
                "input.data_models[0].fields: must be an object of field name → type, was 5",
                "input.data_models[1].fields: must be an object of field name → type, was [\"id\"]",
                "input.data_models[2].fields.id: must be a type name (a non-blank string), was 5",
                "input.data_models[2].fields.title: must be a type name (a non-blank string), was \"\"",
                "input.data_models[3].fields: is required (an object of field name → type)");
    }

    @Test
    void aValueNestedTenThousandDeep_isAnInputProblem_notARawException() {
        ArrayNode deep = JsonNodeFactory.instance.arrayNode().add("leaf");
        for (int i = 1; i < 10_000; i++) deep = JsonNodeFactory.instance.arrayNode().add(deep);
        ObjectNode in = (ObjectNode) InputSpec.toJson(ApiDevelopmentWorkflowTest.input("rest"));
        in.set("requirements", JsonNodeFactory.instance.arrayNode().add(deep));
        List<Object> deepJava = new ArrayList<>(List.of("leaf"));
        for (int i = 1; i < 10_000; i++) deepJava = new ArrayList<>(List.of(deepJava));
        Map<String, Object> javaIn = new java.util.HashMap<>(ApiDevelopmentWorkflowTest.input("rest"));
        javaIn.put("requirements", List.of(deepJava));

        List<ValidationProblem> problems = api.validate(in);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).startsWith("input.requirements[0][0]");
            assertThat(p.message()).contains("nested deeper than the limit of 64 levels");
        });
        assertThatThrownBy(() -> api.run(in)).isInstanceOf(InputValidationException.class);
        assertThatThrownBy(() -> api.run(javaIn)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.requirements[0][0]");
        assertThat(llm.callCount()).isZero();
    }
    @Test
    void theEnginesInputLimits_applyToAPredefinedWorkflow_wider_andNarrower() {
        Map<String, Object> longDescription = new java.util.HashMap<>(ApiDevelopmentWorkflowTest.input("rest"));
        longDescription.put("description", "d".repeat(1_200_000)); // beyond InputLimits.DEFAULT's 1,000,000
        try (WorkflowEngine wide = WorkflowEngine.builder().inputLimits(InputLimits.DEFAULT
                .withMaxStringLength(2_000_000).withMaxTotalSize(8_000_000)).build();
             WorkflowEngine narrow = WorkflowEngine.builder().inputLimits(InputLimits.DEFAULT.withMaxDepth(2)).build()) {
            PredefinedWorkflow wideApi = api.withEngine(wide);
            PredefinedWorkflow narrowApi = api.withEngine(narrow);

            assertThat(wideApi.validate(InputSpec.toJson(longDescription))).isEmpty();
            assertThat(wideApi.run(longDescription).status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(narrowApi.validate(InputSpec.toJson(ApiDevelopmentWorkflowTest.input("rest"))))
                    .extracting(ValidationProblem::toString)
                    .contains("input.data_models[0]: is nested deeper than the limit of 2 levels (InputLimits.maxDepth)");
        }
    }
}
