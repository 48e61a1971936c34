package dev.devora.orchestration.engine;

import dev.devora.orchestration.ValidationProblem;
import dev.devora.orchestration.WorkflowValidationException;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.SubWorkflowStep;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Extreme definitions: huge retry counts, deep nesting, null map keys, deliverable paths. */
class DefinitionEdgesTest {
    private final WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).build();

    @AfterEach
    void close() {
        engine.close();
    }

    private static Agent echo(String name) {
        return Agent.of(name, call -> AgentResult.text(name + " ok"));
    }

    /** A step wrapped in {@code depth - 1} sequences: {@code depth} levels in all. */
    private static Step nested(int depth) {
        Step step = Steps.agent("leaf", echo("leaf")).prompt("go");
        for (int i = 1; i < depth; i++) step = Steps.sequence("s" + i, step);
        return step;
    }

    @Test
    void aGateRetryingIntegerMaxValueTimes_runsItsSubject_untilTheGatePasses() {
        AtomicInteger runs = new AtomicInteger();
        Agent subject = Agent.of("writer", call -> AgentResult.text("draft " + runs.incrementAndGet()));
        QualityGate thirdTime = QualityGate.of("third", input -> input.attempt() >= 3
                ? GateVerdict.pass("third", 90, 70) : GateVerdict.fail("third", 10, 70, "again"));
        Workflow wf = Workflow.builder("retry-forever")
                .step(Steps.gate("gated", Steps.agent("draft", subject).prompt("write"), thirdTime).threshold(70)
                        .onFailure(GatePolicy.retry(Integer.MAX_VALUE)))
                .build();

        WorkflowResult result = engine.run(wf, Map.of());

        assertThat(result.status()).as(String.valueOf(result.failure())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.text("draft")).isEqualTo("draft 3");
        assertThat(result.gateHistory()).hasSize(3);
    }

    @Test
    void aDefinitionNestedTwoThousandDeep_isAValidationProblem_notAStackOverflow() {
        WorkflowValidationException e = catchThrowableOfType(WorkflowValidationException.class,
                () -> Workflow.builder("deep").step(nested(2_000)).build());

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).startsWith("s1999/s1998/");
            assertThat(p.message()).contains("nested deeper than 100 levels");
        });
    }

    @Test
    void theDeepestAllowedDefinition_buildsAndRuns_andSubWorkflowsCountTowardsTheDepth() {
        Workflow deepest = Workflow.builder("deepest").step(nested(100)).build();

        assertThat(engine.run(deepest, Map.of()).text("leaf")).isEqualTo("leaf ok");
        WorkflowValidationException e = catchThrowableOfType(WorkflowValidationException.class,
                () -> Workflow.builder("outer").step(Steps.sequence("wrap", Steps.workflow("inner", deepest))).build());
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("wrap/inner").contains("nested deeper than 100 levels");
    }

    @Test
    void sharedSubWorkflows_composedManyLevels_buildInLinearTime_notByWalkingEveryCopy() {
        Workflow[] levels = new Workflow[27];
        levels[0] = Workflow.builder("w0").step(Steps.agent("leaf", echo("leaf")).prompt("go")).build();

        // each level holds two steps of the level below: 2^26 copies of the leaf if walked one by one
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            for (int i = 1; i < levels.length; i++) {
                levels[i] = Workflow.builder("w" + i).step(Steps.workflow("a", levels[i - 1]))
                        .step(Steps.workflow("b", levels[i - 1])).build();
            }
        });
        WorkflowValidationException e = catchThrowableOfType(WorkflowValidationException.class, () -> {
            Workflow deep = levels[1];
            for (int i = 0; i < 100; i++) deep = Workflow.builder("d" + i).step(Steps.workflow("s", deep)).build();
        });
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("nested deeper than 100 levels");
    }

    @Test
    void aNullKeyInASubWorkflowsInputMap_isAValidationProblem() {
        Workflow child = Workflow.builder("child").step(Steps.agent("c", echo("c")).prompt("{{input.x}}")).build();
        Map<String, String> mapping = new HashMap<>();
        mapping.put(null, "{{input.x}}");

        WorkflowValidationException e = catchThrowableOfType(WorkflowValidationException.class,
                () -> Workflow.builder("parent").step(new SubWorkflowStep("sub", child, mapping)).build());

        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(ValidationProblem::toString).containsExactly("sub: input mapping has a null field name");
    }

    @Test
    void aDeliverablePathThatCannotBeAFileName_isRejectedAtBuild() {
        WorkflowValidationException e = catchThrowableOfType(WorkflowValidationException.class,
                () -> Workflow.builder("files")
                        .input(InputSpec.ANY)
                        .step(Steps.agent("doc", echo("doc")).prompt("go"))
                        .deliverable("../../x", "doc")
                        .deliverable("docs/readme", "doc")
                        .deliverable("ok.name", "doc")
                        .build());

        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(ValidationProblem::path).containsExactly("deliverables.../../x",
                "deliverables.docs/readme");
        assertThat(e.problems().get(0).message()).contains("\"../../x\"").contains("empty name");
        assertThat(e.problems().get(1).message()).contains("'/'");
    }

    @Test
    void aDeliverablePathOfMoreNamesThanStepsMayNest_isRejectedAtBuild_notLeftOutAfterTheRun() {
        String deep = String.join(".", java.util.Collections.nCopies(Workflow.MAX_DEPTH + 1, "d"));
        String deepest = String.join(".", java.util.Collections.nCopies(Workflow.MAX_DEPTH, "d"));

        WorkflowValidationException e = catchThrowableOfType(WorkflowValidationException.class,
                () -> Workflow.builder("deep-files").step(Steps.agent("doc", echo("doc")).prompt("go"))
                        .deliverable(deep, "doc").build());
        Workflow ok = Workflow.builder("deepest-files").step(Steps.agent("doc", echo("doc")).prompt("go"))
                .deliverable(deepest, "doc").build();

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("deliverables." + deep);
            assertThat(p.message()).contains("101 names").contains("at most 100");
        });
        assertThat(engine.run(ok, Map.of()).warnings()).isEmpty();
    }
}
