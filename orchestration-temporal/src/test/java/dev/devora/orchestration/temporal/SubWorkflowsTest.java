package dev.devora.orchestration.temporal;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sub-workflow step runs as a child workflow of its run's workflow, at the same place in the run: the same step
 * paths, journal keys and {@code stateJson()} as in one JVM, with its activities in the child's own history.
 */
class SubWorkflowsTest {
    static final String QUEUE = "devora-sub-workflows";

    /** Two parallel drafts and a merge, on a feature given as input. */
    static Workflow feature(LlmProvider p) {
        return Workflow.builder("build-feature")
                .input(InputSpec.builder().required("feature", "the feature").build())
                .step(Steps.parallel("drafts",
                        Steps.agent("api", ConformanceTest.agent("api-writer", p)).prompt("API of {{input.feature}}"),
                        Steps.agent("ui", ConformanceTest.agent("ui-writer", p)).prompt("UI of {{input.feature}}")))
                .step(Steps.agent("merge", ConformanceTest.agent("merger", p)).prompt("{{api}} + {{ui}}"))
                .deliverable("design", "merge")
                .build();
    }

    /** A plan, the feature sub-workflow in a loop of two rounds, and a release note on its deliverables. */
    static Workflow ship(LlmProvider p) {
        return Workflow.builder("ship-features")
                .step(Steps.agent("plan", ConformanceTest.agent("planner", p)).prompt("Plan {{input.topic}}"))
                .step(Steps.loop("rounds", Steps.workflow("build", feature(p))
                                .input("feature", "{{plan}}, round {{loop.iteration}}"))
                        .until(Condition.of("two rounds", s -> s.loopIteration() >= 2)).maxIterations(3))
                .step(Steps.agent("release", ConformanceTest.agent("releaser", p)).prompt("Release {{build.design}}"))
                .build();
    }

    @Test
    void aHistoryFromBeforeChildWorkflows_replaysWithTheSubWorkflowInline_guardedByGetVersion() throws Exception {
        // recorded by the interpreter of commit f4176d3, which ran a sub-workflow's steps in its run's own workflow
        Path recorded = Path.of("src", "test", "resources", "histories", "sub-workflow-inline.json");
        if (Boolean.getBoolean("devora.recordHistories") && !Files.exists(recorded)) {
            Files.writeString(recorded, ReplayTest.record(SubWorkflowsTest::ship).toJson(true));
        }
        WorkflowExecutionHistory old = WorkflowExecutionHistory.fromJson(Files.readString(recorded));
        LlmProvider never = ReplayTest.unused();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(ReplayTest.QUEUE);
            TemporalWorkers.builder().workflow(ship(never)).provider(never).build().registerOn(worker);
            WorkflowReplayer.replayWorkflowExecution(old, worker);
        }
    }
}
