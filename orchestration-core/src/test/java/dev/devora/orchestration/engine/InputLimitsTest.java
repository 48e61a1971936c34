package dev.devora.orchestration.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputLimits;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Inputs are bounded in string length, nesting depth and total size; anything accepted can be run and written. */
class InputLimitsTest {
    /** Keeps the warnings these tests provoke off the console unless a test fails. */
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ScriptedLlmProvider llm = ScriptedLlmProvider.answeringDefaults();
    private final WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();
    private final Workflow wf = Workflow.builder("limits")
            .input(InputSpec.builder()
                    .required("text", "free text")
                    .optional("tree", FieldType.LIST, "a nested list")
                    .optional("name", "a name")
                    .build())
            .step(Steps.agent("use", LlmAgent.builder("user").provider(llm).build()).prompt("{{input.text}} {{input.tree}}"))
            .build();

    @AfterEach
    void close() {
        engine.close();
    }

    /** A list nested {@code depth} lists deep (the list itself counts), built without recursion. */
    private static ArrayNode nestedList(int depth) {
        ArrayNode list = NODES.arrayNode().add("leaf");
        for (int i = 1; i < depth; i++) list = NODES.arrayNode().add(list);
        return list;
    }

    private static Object nestedJavaList(int depth) {
        List<Object> list = new ArrayList<>(List.of("leaf"));
        for (int i = 1; i < depth; i++) list = new ArrayList<>(List.of(list));
        return list;
    }

    private static ObjectNode input(String text, JsonNode tree) {
        ObjectNode in = NODES.objectNode().put("text", text);
        if (tree != null) in.set("tree", tree);
        return in;
    }

    private InputValidationException rejected(JsonNode input) {
        InputValidationException e = catchThrowableOfType(InputValidationException.class,
                () -> engine.run(wf, input, RunOptions.NONE, WorkflowListener.NONE));
        assertThat(e).as("an InputValidationException").isNotNull();
        assertThat(llm.callCount()).as("no model called").isZero();
        return e;
    }

    @Test
    void aTenMegabyteString_isRejectedBeforeAnyCall_namingThePathAndTheLimit() {
        String big = "x".repeat(10 * 1024 * 1024);

        InputValidationException e = rejected(input(big, null));

        assertThat(e.problems()).extracting(ValidationProblem::path).containsExactly("input.text", "input"); // and total
        assertThat(e.problems().get(0).message()).contains("10485760 characters").contains("1000000")
                .contains("maxStringLength").doesNotContain("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        assertThat(e.getMessage().length()).isLessThan(1000);
    }

    @Test
    void aValueNestedTenThousandDeep_isAnInputError_notARawException() {
        InputValidationException asList = rejected(input("t", nestedList(10_000)));
        ObjectNode asString = NODES.objectNode().put("text", "t");
        asString.set("name", nestedList(10_000)); // a STRING field: its type problem must not print the whole value

        InputValidationException asWrongType = rejected(asString);

        assertThat(asList.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).startsWith("input.tree[0][0]");
            assertThat(p.message()).contains("nested deeper than the limit of 64 levels").contains("maxDepth");
        });
        assertThat(asWrongType.problems()).extracting(ValidationProblem::path).first().asString().startsWith("input.name[0]");
        assertThat(InputSpec.builder().optional("tree", FieldType.LIST, "t").build()
                .validate(input("t", nestedList(10_000)).without("text")))
                .singleElement().extracting(ValidationProblem::message).asString().contains("nested deeper");
    }

    @Test
    void aJavaMapNestedTenThousandDeep_isAnInputError_inRunStartPlanAndToJson() {
        Map<String, Object> in = new HashMap<>();
        in.put("text", "t");
        in.put("tree", nestedJavaList(10_000));

        assertThatThrownBy(() -> engine.run(wf, in)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.tree[0][0]").hasMessageContaining("nested deeper than the limit of 64 levels");
        assertThatThrownBy(() -> engine.start(wf, in, WorkflowListener.NONE)).isInstanceOf(InputValidationException.class);
        assertThatThrownBy(() -> engine.plan(wf, in)).isInstanceOf(InputValidationException.class);
        assertThatThrownBy(() -> InputSpec.toJson(in)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.tree[0][0]").hasMessageContaining("nested deeper than the limit of 500 levels");
        assertThat(llm.callCount()).isZero();
    }

    @Test
    void aCyclicJavaMap_isAnInputError() {
        Map<String, Object> in = new HashMap<>();
        in.put("text", "t");
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        in.put("tree", cycle);

        assertThatThrownBy(() -> engine.run(wf, in)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.tree[0]").hasMessageContaining("nested deeper");
    }

    @Test
    void aNullFieldName_isAnInputError_withItsPath() {
        Map<String, Object> nested = new HashMap<>();
        nested.put(null, "v");
        Map<String, Object> in = new HashMap<>();
        in.put("text", "t");
        in.put("tree", List.of(nested));

        assertThatThrownBy(() -> engine.run(wf, in)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.tree[0]: has a null field name");
        Map<String, Object> top = new HashMap<>(Map.of("text", "t"));
        top.put(null, "v"); // was a NullPointerException without a message
        assertThatThrownBy(() -> engine.run(wf, top)).isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input: has a null field name");
    }

    @Test
    void theDeepestAcceptedValue_runs_andItsStateIsWritable() {
        InputLimits deepest = InputLimits.DEFAULT.withMaxDepth(InputLimits.MAX_DEPTH);
        try (WorkflowEngine deep = WorkflowEngine.builder().inputLimits(deepest).build()) {
            ObjectNode in = input("t", nestedList(InputLimits.MAX_DEPTH - 1)); // the input object is one level more

            WorkflowResult result = deep.run(wf, in, RunOptions.NONE, WorkflowListener.NONE);

            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(result.stateJson()).contains("\"leaf\"");
            assertThat(catchThrowableOfType(InputValidationException.class, () -> deep.run(wf,
                    input("t", nestedList(InputLimits.MAX_DEPTH)), RunOptions.NONE, WorkflowListener.NONE))).isNotNull();
        }
        assertThatThrownBy(() -> InputLimits.DEFAULT.withMaxDepth(InputLimits.MAX_DEPTH + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
    }

    @Test
    void limitsAreConfigurable_andTheTotalSizeIsBounded() {
        InputLimits small = new InputLimits(8, 10, 25);
        try (WorkflowEngine strict = WorkflowEngine.builder().inputLimits(small).build()) {
            InputValidationException tooLong = catchThrowableOfType(InputValidationException.class,
                    () -> strict.run(wf, Map.of("text", "12345678901")));
            InputValidationException tooBig = catchThrowableOfType(InputValidationException.class,
                    () -> strict.plan(wf, Map.of("text", "1234567890", "name", "1234567890", "tree", List.of("12345"))));

            assertThat(tooLong.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("input.text");
                assertThat(p.message()).contains("11 characters").contains("limit of 10");
            });
            assertThat(tooBig.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("input");
                assertThat(p.message()).contains("maxTotalSize").contains("25");
            });
            assertThat(strict.run(wf, Map.of("text", "1234567890")).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void aHugeNumber_countsItsDigits_againstTheStringAndTotalLimits() {
        Workflow numbers = Workflow.builder("numbers").step(Steps.task("t", "t", s -> "t")).build();
        try (WorkflowEngine small = WorkflowEngine.builder().inputLimits(InputLimits.DEFAULT.withMaxStringLength(1_000)
                .withMaxTotalSize(10_000)).build()) {
            InputValidationException digits = catchThrowableOfType(InputValidationException.class, () -> small.run(
                    numbers, Map.of("n", new java.math.BigInteger("9".repeat(5_000)))));
            InputValidationException decimal = catchThrowableOfType(InputValidationException.class, () -> small.run(
                    numbers, Map.of("x", new java.math.BigDecimal("0." + "1".repeat(5_000)))));

            assertThat(digits.problems()).extracting(ValidationProblem::path).containsExactly("input.n");
            assertThat(digits.problems().get(0).message()).contains("InputLimits.maxStringLength");
            assertThat(decimal.problems()).extracting(ValidationProblem::path).containsExactly("input.x");
            assertThat(small.run(numbers, Map.of("n", new java.math.BigDecimal("1e999999999"))).status())
                    .isEqualTo(RunStatus.SUCCEEDED); // a huge exponent is a short number: it is written as 1E+999999999
        }
    }

    @Test
    void aPojoNodeInAJsonInput_isAnInputError_notAStateThatCannotBeWritten() {
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        ObjectNode input = NODES.objectNode().put("text", "t");
        input.putArray("tree").add(NODES.pojoNode(cyclic));

        InputValidationException e = catchThrowableOfType(InputValidationException.class,
                () -> engine.run(wf, input, RunOptions.NONE, WorkflowListener.NONE));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("input.tree[0]");
            assertThat(p.message()).contains("plain JSON");
        });
        assertThat(llm.callCount()).isZero();
    }

    @Test
    void javaMapKeysAndCollections_thatMisbehave_areInputErrors_withTheirPath() {
        Object throwingKey = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no name");
            }
        };
        Object nullNamedKey = new Object() {
            @Override
            public String toString() {
                return null;
            }
        };
        Map<Object, Object> badKeys = new java.util.LinkedHashMap<>();
        badKeys.put(throwingKey, 1);
        badKeys.put(nullNamedKey, 2);
        badKeys.put(7, "seven");
        badKeys.put("7", "also seven");
        Iterable<Object> failing = () -> {
            throw new IllegalStateException("cannot iterate");
        };

        InputValidationException e = catchThrowableOfType(InputValidationException.class,
                () -> engine.run(wf, Map.of("text", "t", "tree", List.of(badKeys, failing))));

        assertThat(e.problems()).extracting(ValidationProblem::toString).containsExactly(
                "input.tree[0]: has a field name whose toString() threw java.lang.IllegalStateException: no name",
                "input.tree[0]: has a null field name",
                "input.tree[0].7: is given twice (two keys are named \"7\")",
                "input.tree[1]: cannot be converted to JSON: iterating it threw java.lang.IllegalStateException: "
                        + "cannot iterate");
        assertThat(llm.callCount()).isZero();
    }
}
